package unary

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
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
func FetchProduct(ctx context.Context, client pb.ProductServiceClient, id string, timeout time.Duration) (*pb.Product, error) {
	// The deadline travels to the server (grpc-timeout header), so it can
	// stop working for us when we stop waiting.
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	p, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: id})
	if err == nil {
		return p, nil
	}
	st := status.Convert(err) // any error from a gRPC call has a status
	switch st.Code() {
	case codes.NotFound:
		return nil, fmt.Errorf("%w: %s", ErrNotFound, st.Message())
	case codes.DeadlineExceeded:
		return nil, fmt.Errorf("%w (%v): %s", ErrTimeout, timeout, st.Message())
	case codes.InvalidArgument:
		// The message is for people; the detail is for programs.
		for _, d := range st.Details() {
			if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
				v := br.GetFieldViolations()[0]
				return nil, &FieldError{Field: v.GetField(), Description: v.GetDescription()}
			}
		}
	}
	return nil, err
}
