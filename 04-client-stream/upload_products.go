package clientstream

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// UploadProducts receives a stream of products and stores all of them, or
// none if any is refused.
//
// TODO(04): write it. See 04-client-stream/README.md#write-uploadproducts
func (s *Service) UploadProducts(stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	return status.Error(codes.Unimplemented,
		"TODO(04): write UploadProducts in 04-client-stream/upload_products.go -- see 04-client-stream/README.md#write-uploadproducts")
}
