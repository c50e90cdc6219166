// Package bidi is step 05: ProductUpdates, a bidirectional stream that
// applies updates atomically, answers each with a copy, and reports refused
// updates without ending the stream.
package bidi

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
	"github.com/grpcvsrest/workshop/internal/solved/step03"
	"github.com/grpcvsrest/workshop/internal/solved/step04"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// Service implements all of ProductService: the first three RPCs from the
// earlier steps (given, from internal/solved) and ProductUpdates (the
// exercise, in product_updates.go).
type Service struct {
	pb.UnimplementedProductServiceServer
	store *catalog.Store
}

// NewServer serves Service with the interceptors, health and reflection of
// internal/stage.
func NewServer(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	return stage.NewServer(&Service{store: store}, cfg, extra...)
}

// GetProduct is step 02's.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	return step02.GetProduct(ctx, s.store, req)
}

// ListProducts is step 03's.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	return step03.ListProducts(s.store, req, stream)
}

// UploadProducts is step 04's.
func (s *Service) UploadProducts(stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	return step04.UploadProducts(s.store, stream)
}
