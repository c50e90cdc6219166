// Package step02 is step 02's GetProduct, and its TLS and mTLS credentials
// (a stretch), solved, for the steps after it.
package step02

import (
	"context"

	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// GetProduct answers one GetProduct call from store.
func GetProduct(ctx context.Context, store *catalog.Store, req *pb.GetProductRequest) (*pb.Product, error) {
	if err := ctx.Err(); err != nil {
		return nil, status.FromContextError(err).Err()
	}
	if err := catalog.ValidateID(req.GetProductId()); err != nil {
		return nil, catalog.Status(err)
	}
	p, err := store.Get(req.GetProductId())
	if err != nil {
		return nil, catalog.Status(err)
	}
	return p, nil
}
