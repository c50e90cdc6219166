// Package reference is the whole ProductService, solved: what steps 02 to 05
// build one RPC at a time, put together from internal/solved. Steps 06 and 07
// and the benchmark serve it. (Reading it, or internal/solved, before you
// finish the exercises spoils them, as _solutions/ would.)
package reference

import (
	"context"

	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
	"github.com/grpcvsrest/workshop/internal/solved/step03"
	"github.com/grpcvsrest/workshop/internal/solved/step04"
	"github.com/grpcvsrest/workshop/internal/solved/step05"
)

// Service implements every RPC of ProductService over a catalog.Store.
type Service struct {
	pb.UnimplementedProductServiceServer
	Store *catalog.Store
}

func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	return step02.GetProduct(ctx, s.Store, req)
}

func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	return step03.ListProducts(s.Store, req, stream)
}

func (s *Service) UploadProducts(stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	return step04.UploadProducts(s.Store, stream)
}

func (s *Service) ProductUpdates(stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	return step05.ProductUpdates(s.Store, stream)
}
