package grpcweb

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	invpb "github.com/grpcvsrest/workshop/01-proto/inventory/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// Warehouse is a small InventoryService (given) for cmd/hop: the stock of
// the catalog's products, after Delay, to show what the hop's budget does.
type Warehouse struct {
	invpb.UnimplementedInventoryServiceServer
	Store *catalog.Store
	Delay time.Duration
}

// GetStock answers after Delay, or with the caller's status if it leaves
// first.
func (w *Warehouse) GetStock(ctx context.Context, req *invpb.GetStockRequest) (*invpb.Stock, error) {
	select {
	case <-time.After(w.Delay):
	case <-ctx.Done():
		return nil, status.FromContextError(ctx.Err()).Err()
	}
	p, err := w.Store.Get(req.GetProductId())
	if err != nil {
		return nil, status.Errorf(codes.NotFound, "no stock record for %q", req.GetProductId())
	}
	return &invpb.Stock{ProductId: p.GetId(), Quantity: p.GetStockQuantity()}, nil
}
