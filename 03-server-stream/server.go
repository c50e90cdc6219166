// Package serverstream is step 03: ListProducts, a server-streaming RPC with
// real pagination, that stops when its client goes and never makes writers
// wait for a slow reader.
package serverstream

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// Service implements ProductService: GetProduct from step 02 (given, from
// internal/solved/step02) and ListProducts (the exercise, in list_products.go).
type Service struct {
	pb.UnimplementedProductServiceServer
	store *catalog.Store
}

// NewServer serves Service with step 02's interceptors, health and
// reflection, from internal/stage.
func NewServer(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	return stage.NewServer(&Service{store: store}, cfg, extra...)
}

// GetProduct is step 02's.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	return step02.GetProduct(ctx, s.store, req)
}
