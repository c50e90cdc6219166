// Command hop runs the hybrid picture of step 07's stretch "a service calls a
// service": the inventory (gRPC only, on a port of its own) and the edge
// (REST, gRPC-Web and gRPC on one port) calling it with your StockFor. Every
// span of both is printed as it ends: one trace id across the two services.
//
//	go run ./07-grpc-web/cmd/hop
//	go run ./07-grpc-web/cmd/hop -inventory-delay 800ms   # slower than HopBudget
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"

	invpb "github.com/grpcvsrest/workshop/01-proto/inventory/v1"
	grpcweb "github.com/grpcvsrest/workshop/07-grpc-web"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Process(run) }

func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("hop", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "the edge's address (REST, gRPC-Web, gRPC)")
	token := flags.String("token", "workshop-token", "the bearer token that names the caller \"web-shop\"")
	delay := flags.Duration("inventory-delay", 0, "how long the inventory takes to answer (HopBudget is "+grpcweb.HopBudget.String()+")")
	if err := flags.Parse(args); err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(&printSpans{w: stdout}))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	// The inventory: a gRPC server on a port of its own, loopback only.
	store := catalog.Seeded()
	inv := grpc.NewServer(grpcweb.TraceServer(tp))
	invpb.RegisterInventoryServiceServer(inv, &grpcweb.Warehouse{Store: store, Delay: *delay})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = inv.Serve(lis) }()
	defer inv.Stop()
	fmt.Fprintf(stdout, "inventory listening on %s\n", lis.Addr())

	// The edge, calling it.
	conn, err := grpcweb.DialInventory(lis.Addr().String(), tp) // hop.go
	if err != nil {
		return err
	}
	defer conn.Close()
	edge := grpcweb.NewEdgeServer(store, invpb.NewInventoryServiceClient(conn),
		grpcweb.EdgeConfig{Callers: map[string]string{*token: "web-shop"}, Tracing: tp})
	h, err := grpcweb.NewAPIHandler(edge, nil) // grpcweb.go: REST and gRPC-Web in front
	if err != nil {
		return err
	}
	return serve.HTTP(ctx, *addr, h, stdout,
		"edge: curl -i -H 'Authorization: Bearer "+*token+"' -H 'x-request-id: try-1' http://%s/v1/products/prod-001")
}

// printSpans prints each span as it ends: the trace id, the span and its
// parent, so the two services' spans line up by eye.
type printSpans struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *printSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

func (p *printSpans) OnEnd(s sdktrace.ReadOnlySpan) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "span trace=%s span=%s parent=%s %-6s %s %s (%v)\n",
		s.SpanContext().TraceID(), s.SpanContext().SpanID(), s.Parent().SpanID(),
		s.SpanKind(), s.Name(), s.Status().Code, s.EndTime().Sub(s.StartTime()).Round(time.Microsecond))
}

func (p *printSpans) Shutdown(context.Context) error   { return nil }
func (p *printSpans) ForceFlush(context.Context) error { return nil }
