package clientstream

import (
	"context"
	"errors"
	"io"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of UploadProducts: a stream of messages out, one answer back.

// Upload sends every product on one UploadProducts stream, says it is done,
// and returns the server's answer. When the server refuses the upload
// before the end (a bad product), Upload stops sending and returns the
// server's status error, which says which product and why.
func Upload(ctx context.Context, client pb.ProductServiceClient, products []*pb.Product) (*pb.UploadProductsResponse, error) {
	stream, err := client.UploadProducts(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range products {
		if err := stream.Send(p); err != nil {
			if errors.Is(err, io.EOF) {
				// The server has ended the stream: Send only knows that much.
				// Stop sending; CloseAndRecv below returns the real status.
				break
			}
			return nil, err
		}
	}
	// Half-close ("no more products"), then wait for the one answer.
	return stream.CloseAndRecv()
}
