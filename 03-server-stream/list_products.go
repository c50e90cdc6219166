package serverstream

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// ListProducts streams one page of products, one per message, and says on
// the page's last message where the next page starts.
//
// TODO(03): write it. See 03-server-stream/README.md#write-listproducts
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	return status.Error(codes.Unimplemented,
		"TODO(03): write ListProducts in 03-server-stream/list_products.go -- see 03-server-stream/README.md#write-listproducts")
}
