package grpcweb

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	invpb "github.com/grpcvsrest/workshop/01-proto/inventory/v1"
)

// A stretch exercise: a service calls a service. The edge (edge.go, given)
// answers browsers and REST clients; for the stock it calls the inventory
// service over gRPC. This file is that hop: what of the caller's call goes
// on to the next service, and what of the next service's answer comes back.

// DialInventory returns a connection to the inventory service at target
// (plaintext: both services run on one machine here) whose calls join the
// caller's trace: each call is a span of tp, and the inventory's spans
// become its children, so one trace shows both services.
//
// TODO(07): make its calls traced. See 07-grpc-web/README.md#stretch-a-service-calls-a-service
func DialInventory(target string, tp trace.TracerProvider) (*grpc.ClientConn, error) {
	return grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
}

// StockFor asks the inventory how many of productID are in stock, for the
// call whose context is ctx (the edge's GetProduct): within that call's time
// and at most HopBudget, ended when that call ends, with its request id and
// caller (RequestIDFrom, CallerFrom) in the metadata, and the inventory's
// errors turned into the edge's own (the README's table).
//
// TODO(07): write it. See 07-grpc-web/README.md#stretch-a-service-calls-a-service
func StockFor(ctx context.Context, inv invpb.InventoryServiceClient, productID string) (int32, error) {
	return 0, status.Error(codes.Unimplemented, "TODO(07): write StockFor in 07-grpc-web/hop.go -- see 07-grpc-web/README.md#stretch-a-service-calls-a-service")
}
