package rest

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of the NDJSON stream: what a gRPC client gets for free
// (status codes, typed messages, the end of a stream), a REST client
// does by hand.

// APIError is a non-2xx answer of the REST API, read from its JSON error body.
type APIError struct {
	Status  int    // the HTTP status, e.g. 401
	Code    string // the gRPC code name of the same mistake, e.g. "UNAUTHENTICATED"
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// ErrBrokenStream means the body ended in the middle of a line: the server
// (or the network) stopped before the stream was complete.
var ErrBrokenStream = errors.New("the stream ended in the middle of a product")

// StreamProducts reads GET baseURL/products/stream?category=... with the
// bearer token, one product per line, as they arrive. A non-200 answer is an
// *APIError; a line that is not a product is an error naming the line.
//
// TODO(06): write it. See 06-rest-compare/README.md#stretch-write-the-client
func StreamProducts(ctx context.Context, c *http.Client, baseURL, token, category string) ([]*pb.Product, error) {
	return nil, errors.New("TODO(06): write StreamProducts in 06-rest-compare/client.go -- see 06-rest-compare/README.md#stretch-write-the-client")
}
