package serverstream

import (
	"context"
	"errors"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// A stretch exercise: stopping a stream early, from the client.

// ErrNoMatch means no product of the stream matched.
var ErrNoMatch = errors.New("no product matched")

// FindFirst reads one ListProducts stream of the whole first page
// (page_size 10,000) and returns the first product for which match is true,
// or ErrNoMatch. Once it has its answer it stops the stream, so the server
// stops sending the thousands of products nobody will read.
//
// TODO(03): write it. See 03-server-stream/README.md#stretch-stop-a-stream-early
func FindFirst(ctx context.Context, client pb.ProductServiceClient, match func(*pb.Product) bool) (*pb.Product, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(03): write FindFirst in 03-server-stream/find.go -- see 03-server-stream/README.md#stretch-stop-a-stream-early")
}
