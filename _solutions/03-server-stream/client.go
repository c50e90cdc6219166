package serverstream

import (
	"context"
	"errors"
	"io"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of ListProducts: reading a stream to its end, and reading
// page after page.

// ListAll returns every product of a category ("" for all), in id order,
// reading the server's pages of pageSize products one ListProducts call
// after another until there is no next page. If any call fails, it returns
// that call's status error and no products: half a catalogue is not an
// answer.
func ListAll(ctx context.Context, client pb.ProductServiceClient, category string, pageSize int32) ([]*pb.Product, error) {
	var all []*pb.Product
	token := ""
	for {
		stream, err := client.ListProducts(ctx, &pb.ListProductsRequest{Category: category, PageSize: pageSize, PageToken: token})
		if err != nil {
			return nil, err
		}
		token = ""
		for {
			msg, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break // the page ended with OK
			}
			if err != nil {
				return nil, err // the stream's status: the page is not whole
			}
			all = append(all, msg.GetProduct())
			token = msg.GetNextPageToken() // set on the last message only
		}
		if token == "" {
			return all, nil
		}
	}
}
