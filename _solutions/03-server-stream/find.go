package serverstream

import (
	"context"
	"errors"
	"io"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// A stretch exercise: stopping a stream early, from the client.

// ErrNoMatch means no product of the stream matched.
var ErrNoMatch = errors.New("no product matched")

// FindFirst reads one ListProducts stream of the whole first page
// (page_size 10,000) and returns the first product for which match is true,
// or ErrNoMatch. Once it has its answer it stops the stream, so the server
// stops sending the thousands of products nobody will read.
func FindFirst(ctx context.Context, client pb.ProductServiceClient, match func(*pb.Product) bool) (*pb.Product, error) {
	// Cancelling this context is how a client ends a stream it no longer
	// wants: gRPC sends RST_STREAM, and the server's stream.Context() ends.
	// Just returning would leave the stream open, and the server blocked in
	// Send, until the connection closes.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := client.ListProducts(ctx, &pb.ListProductsRequest{PageSize: catalog.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil, ErrNoMatch
		}
		if err != nil {
			return nil, err
		}
		if match(msg.GetProduct()) {
			return msg.GetProduct(), nil // the deferred cancel stops the stream
		}
	}
}
