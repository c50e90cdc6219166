// Package clientstream is step 04: UploadProducts, a client-streaming RPC
// that validates every product and stores all of them or none.
package clientstream

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
	"github.com/grpcvsrest/workshop/internal/solved/step03"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// MaxUpload bounds how many products one upload may hold. All-or-nothing
// means the server buffers the whole upload before storing it; without a
// bound, one client could make it buffer until it runs out of memory.
const MaxUpload = 200_000

// Service implements ProductService: GetProduct and ListProducts from the
// earlier steps (given, from internal/solved) and UploadProducts (the
// exercise, in upload_products.go).
type Service struct {
	pb.UnimplementedProductServiceServer
	store     *catalog.Store
	maxUpload int
}

// MaxUploadBytes bounds the bytes of one upload, as MaxUpload bounds its
// count: 200,000 products of 64 KiB would still be 13 GB. UploadBudget
// (budget.go) enforces it.
const MaxUploadBytes = 64 << 20

// NewServer serves Service with step 02's interceptors, health and
// reflection, from internal/stage, and the upload budget.
func NewServer(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	budget := grpc.ChainStreamInterceptor(UploadBudget(MaxUploadBytes))
	return stage.NewServer(&Service{store: store, maxUpload: MaxUpload}, cfg, append([]grpc.ServerOption{budget}, extra...)...)
}

// GetProduct is step 02's.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	return step02.GetProduct(ctx, s.store, req)
}

// ListProducts is step 03's.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	return step03.ListProducts(s.store, req, stream)
}
