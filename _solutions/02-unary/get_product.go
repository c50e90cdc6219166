package unary

import (
	"context"
	"errors"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// GetProduct returns one product by id.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	// The caller has left (deadline, cancel): no work, their context's status.
	if err := ctx.Err(); err != nil {
		return nil, status.FromContextError(err).Err()
	}
	// A malformed id can never succeed (InvalidArgument: do not retry); a
	// well-formed one that matches nothing is NotFound.
	if err := catalog.ValidateID(req.GetProductId()); err != nil {
		return nil, invalidArgument(err)
	}
	p, err := s.store.Get(req.GetProductId())
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		return nil, status.Errorf(codes.NotFound, "product %q not found", req.GetProductId())
	case err != nil: // nothing else fails in Get; if it ever does, it is ours
		return nil, status.Error(codes.Internal, "could not read the product")
	}
	return p, nil // a copy: the store never hands out its own pointer
}

// invalidArgument is the status for a request that breaks a rule: the
// rule's words for people, and a BadRequest detail naming the field for
// programs.
func invalidArgument(err error) error {
	st := status.New(codes.InvalidArgument, err.Error())
	var e *catalog.Error
	if errors.As(err, &e) && e.Field != "" {
		detailed, derr := st.WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: e.Field, Description: e.Reason}},
		})
		if derr == nil {
			st = detailed
		}
	}
	return st.Err()
}
