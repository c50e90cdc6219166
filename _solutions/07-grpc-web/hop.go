package grpcweb

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
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
func DialInventory(target string, tp trace.TracerProvider) (*grpc.ClientConn, error) {
	// The client half of TraceServer: the span of this call, and its
	// context written into the call's metadata (traceparent) for the
	// inventory's server handler to read. tp and the propagator are passed,
	// not taken from the globals (which are no-ops until someone sets them).
	tracing := otelgrpc.NewClientHandler(
		otelgrpc.WithTracerProvider(tp), otelgrpc.WithPropagators(propagation.TraceContext{}))
	return grpc.NewClient(target,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStatsHandler(tracing))
}

// StockFor asks the inventory how many of productID are in stock, for the
// call whose context is ctx (the edge's GetProduct): within that call's time
// and at most HopBudget, ended when that call ends, with its request id and
// caller (RequestIDFrom, CallerFrom) in the metadata, and the inventory's
// errors turned into the edge's own (the README's table).
func StockFor(ctx context.Context, inv invpb.InventoryServiceClient, productID string) (int32, error) {
	// Derived from the caller's ctx: the earlier of its deadline and ours,
	// its cancel, and its span (the trace's parent) all come along.
	ctx, cancel := context.WithTimeout(ctx, HopBudget)
	defer cancel() // frees the timer now, not when the budget runs out

	// Only what the inventory needs, never the caller's incoming metadata:
	// its bearer token was for the edge, not for everyone behind it.
	ctx = metadata.AppendToOutgoingContext(ctx,
		RequestIDHeader, RequestIDFrom(ctx),
		CallerHeader, CallerFrom(ctx))

	stock, err := inv.GetStock(ctx, &invpb.GetStockRequest{ProductId: productID})
	if err == nil {
		return stock.GetQuantity(), nil
	}
	// The full story goes to our log, with the request id to find it by;
	// the caller gets our code and our words.
	slog.WarnContext(ctx, "inventory call failed", "request_id", RequestIDFrom(ctx), "err", err)
	switch status.Code(err) {
	case codes.Unavailable: // down or overloaded: the caller may try again
		return 0, status.Error(codes.Unavailable, "inventory unavailable, try again")
	case codes.DeadlineExceeded: // our budget or the caller's time ran out
		return 0, status.Error(codes.DeadlineExceeded, "inventory took too long")
	case codes.Canceled: // the caller left
		return 0, status.Error(codes.Canceled, "canceled")
	default: // our request, our credentials or the inventory's bug: not the caller's to fix
		return 0, status.Error(codes.Internal, "inventory lookup failed")
	}
}
