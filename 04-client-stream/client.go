package clientstream

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of UploadProducts: a stream of messages out, one answer back.

// Upload sends every product on one UploadProducts stream, says it is done,
// and returns the server's answer. When the server refuses the upload
// before the end (a bad product), Upload stops sending and returns the
// server's status error, which says which product and why.
//
// TODO(04): write it. See 04-client-stream/README.md#write-the-client
func Upload(ctx context.Context, client pb.ProductServiceClient, products []*pb.Product) (*pb.UploadProductsResponse, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(04): write Upload in 04-client-stream/client.go -- see 04-client-stream/README.md#write-the-client")
}
