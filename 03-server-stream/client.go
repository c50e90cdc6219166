package serverstream

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of ListProducts: reading a stream to its end, and reading
// page after page.

// ListAll returns every product of a category ("" for all), in id order,
// reading the server's pages of pageSize products one ListProducts call
// after another until there is no next page. If any call fails, it returns
// that call's status error and no products: half a catalogue is not an
// answer.
//
// TODO(03): write it. See 03-server-stream/README.md#write-the-client
func ListAll(ctx context.Context, client pb.ProductServiceClient, category string, pageSize int32) ([]*pb.Product, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(03): write ListAll in 03-server-stream/client.go -- see 03-server-stream/README.md#write-the-client")
}
