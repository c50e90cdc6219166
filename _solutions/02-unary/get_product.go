package unary

import (
	"context"

	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// GetProduct returns one product by id.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	// The caller may have given up already (deadline passed, or cancelled):
	// then any work is wasted, and the honest answer is their context's error.
	if err := ctx.Err(); err != nil {
		return nil, status.FromContextError(err).Err()
	}
	// Validate at the edge: a malformed id is the caller's mistake
	// (InvalidArgument), which is not the same as "no such product" (NotFound).
	if err := catalog.ValidateID(req.GetProductId()); err != nil {
		return nil, catalog.Status(err)
	}
	p, err := s.store.Get(req.GetProductId())
	if err != nil {
		return nil, catalog.Status(err) // NotFound, with the id in the message
	}
	return p, nil // a copy: the store never hands out its own pointer
}
