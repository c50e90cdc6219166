// Package clientstream is step 04: UploadProducts, a client-streaming RPC
// that validates every product and stores all of them or none.
package clientstream

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// MaxUpload bounds how many products one upload may hold. All-or-nothing
// means the server buffers the whole upload before storing it; without a
// bound, one client could make it buffer until it runs out of memory.
const MaxUpload = 200_000

// Service implements ProductService: GetProduct and ListProducts from the
// earlier steps (given) and UploadProducts (the exercise, in upload_products.go).
type Service struct {
	pb.UnimplementedProductServiceServer
	store     *catalog.Store
	maxUpload int
}

// NewServer serves Service with the interceptors, health and reflection of
// internal/stage.
func NewServer(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	return stage.NewServer(&Service{store: store, maxUpload: MaxUpload}, cfg, extra...)
}

// GetProduct is step 02's solution.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	if err := catalog.ValidateID(req.GetProductId()); err != nil {
		return nil, catalog.Status(err)
	}
	p, err := s.store.Get(req.GetProductId())
	return p, catalog.Status(err)
}

// ListProducts is step 03's solution, short: Send fails once the client has
// gone, which ends the loop.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	page, err := s.store.List(catalog.Query{Category: req.GetCategory(), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return catalog.Status(err)
	}
	for i, p := range page.Products {
		resp := &pb.ListProductsResponse{Product: p}
		if i == len(page.Products)-1 {
			resp.NextPageToken = page.NextPageToken
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
	return nil
}
