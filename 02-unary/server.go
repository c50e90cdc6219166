// Package unary is step 02: a gRPC server with one unary call, GetProduct,
// and the things around it every real server needs: interceptors, a health
// service, reflection and a graceful stop.
package unary

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// Service implements ProductService. Embedding the Unimplemented server makes
// the RPCs this step does not write answer codes.Unimplemented, and keeps the
// code compiling when the .proto gains an RPC.
type Service struct {
	pb.UnimplementedProductServiceServer
	store *catalog.Store
}

// NewServer serves this step's Service with the interceptors, health and
// reflection of internal/stage (read stage.go: it is part of this lesson).
func NewServer(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	return stage.NewServer(&Service{store: store}, cfg, extra...)
}
