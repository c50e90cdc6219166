package stock

import (
	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Available asks the server how many of sku can still be sold: the generated
// client for the RPC that exists today. Errors come back as the server sent
// them (a status with its code).
func Available(ctx context.Context, conn grpc.ClientConnInterface, sku string) (int32, error) {
	resp, err := NewStockServiceClient(conn).GetStock(ctx, &GetStockRequest{Sku: sku})
	if err != nil {
		return 0, err
	}
	return resp.GetStock().GetAvailable(), nil
}

// Reserve asks the server to set quantity of sku aside and returns how many
// are still available after it.
func Reserve(ctx context.Context, conn grpc.ClientConnInterface, sku string, quantity int32) (int32, error) {
	return 0, status.Error(codes.Unimplemented, "TODO(01): call ReserveStock in Reserve, 01-proto/stock/client.go -- see 01-proto/README.md#stretch-change-the-contract")
}
