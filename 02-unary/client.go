package unary

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of GetProduct. A program that calls a gRPC server must
// decide, for every call, how long it will wait and what each failure means
// for it. FetchProduct turns gRPC's answers into errors its callers can act on.

// ErrNotFound means there is no product with that id.
var ErrNotFound = errors.New("no such product")

// ErrTimeout means the server did not answer within the time FetchProduct gave it.
var ErrTimeout = errors.New("the server did not answer in time")

// FieldError is a request the server refused as malformed: which field, and why.
type FieldError struct {
	Field       string // e.g. "product_id"
	Description string // e.g. "product_id is required"
}

func (e *FieldError) Error() string { return fmt.Sprintf("bad %s: %s", e.Field, e.Description) }

// FetchProduct gets one product, giving the server at most timeout. ctx
// carries the caller's own deadline, cancel and token. The error, if any:
//   - wraps ErrNotFound for NotFound,
//   - is a *FieldError, from the BadRequest detail, for InvalidArgument,
//   - wraps ErrTimeout when the deadline passed,
//   - is the gRPC status error as it came for anything else.
//
// TODO(02): write it. See 02-unary/README.md#write-the-client
func FetchProduct(ctx context.Context, client pb.ProductServiceClient, id string, timeout time.Duration) (*pb.Product, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(02): write FetchProduct in 02-unary/client.go -- see 02-unary/README.md#write-the-client")
}
