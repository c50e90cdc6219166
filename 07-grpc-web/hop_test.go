package grpcweb

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	oteltrace "go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	invpb "github.com/grpcvsrest/workshop/01-proto/inventory/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The edge and the inventory run as two gRPC servers on two real ports; the
// test calls the edge as a client would. The inventory is a fake whose
// handler each test writes, and which records what reached it.

const hopCaller = "web-shop" // the caller testToken names at the edge

// seen is what one call brought to the inventory.
type seen struct {
	md          metadata.MD
	deadline    time.Time
	hasDeadline bool
	remaining   time.Duration // time.Until(deadline) when the handler started
}

type fakeInventory struct {
	invpb.UnimplementedInventoryServiceServer
	handle func(ctx context.Context, req *invpb.GetStockRequest) (*invpb.Stock, error)
	seen   chan seen
}

func (f *fakeInventory) GetStock(ctx context.Context, req *invpb.GetStockRequest) (*invpb.Stock, error) {
	s := seen{}
	s.md, _ = metadata.FromIncomingContext(ctx)
	s.deadline, s.hasDeadline = ctx.Deadline()
	s.remaining = time.Until(s.deadline)
	select {
	case f.seen <- s:
	default: // a test that reads only the first call
	}
	return f.handle(ctx, req)
}

type hopRig struct {
	edge          pb.ProductServiceClient
	edgeServer    *grpc.Server // for REST in front of it (hop_rest_test.go)
	inv           *fakeInventory
	spans         *tracetest.SpanRecorder
	stopInventory func()
}

// startHop serves the fake inventory and the edge (dialling the inventory
// with your DialInventory), both traced into one recorder.
func startHop(t *testing.T, handle func(ctx context.Context, req *invpb.GetStockRequest) (*invpb.Stock, error)) *hopRig {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })

	inv := &fakeInventory{handle: handle, seen: make(chan seen, 1)}
	invSrv := grpc.NewServer(TraceServer(tp))
	invpb.RegisterInventoryServiceServer(invSrv, inv)
	invAddr, stopInv := serveGRPC(t, invSrv)

	conn, err := DialInventory(invAddr, tp)
	require.NoError(t, err, "DialInventory")
	require.NotNil(t, conn, "DialInventory returned no connection")
	t.Cleanup(func() { conn.Close() })

	edgeSrv := NewEdgeServer(catalog.Seeded(), invpb.NewInventoryServiceClient(conn),
		EdgeConfig{Callers: map[string]string{testToken: hopCaller}, Tracing: tp})
	edgeAddr, _ := serveGRPC(t, edgeSrv)
	client, err := grpc.NewClient(edgeAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { client.Close() })
	return &hopRig{edge: pb.NewProductServiceClient(client), edgeServer: edgeSrv, inv: inv, spans: rec, stopInventory: stopInv}
}

// serveGRPC serves srv on 127.0.0.1:0 until the test ends (or stop).
func serveGRPC(t *testing.T, srv *grpc.Server) (string, func()) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() { _ = srv.Serve(lis); close(done) }()
	stop := sync.OnceFunc(func() { srv.Stop(); <-done })
	t.Cleanup(stop)
	return lis.Addr().String(), stop
}

// asCaller is a context with the caller's token and the given metadata pairs.
func asCaller(ctx context.Context, kv ...string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, append([]string{"authorization", "Bearer " + testToken}, kv...)...)
}

func stock(n int32) func(context.Context, *invpb.GetStockRequest) (*invpb.Stock, error) {
	return func(_ context.Context, req *invpb.GetStockRequest) (*invpb.Stock, error) {
		return &invpb.Stock{ProductId: req.GetProductId(), Quantity: n}, nil
	}
}

// firstCall is what the inventory saw, once the edge's call has ended
// (with callErr): the hop, if any, was made, so a short bounded wait is
// enough.
func (r *hopRig) firstCall(t *testing.T, callErr error) seen {
	t.Helper()
	select {
	case s := <-r.inv.seen:
		return s
	case <-time.After(time.Second):
		t.Fatalf("the inventory was never called: StockFor must call inv.GetStock (the edge's call ended with: %v)", callErr)
		return seen{}
	}
}

// The happy path: the edge's product carries the inventory's stock.
func TestHopStock(t *testing.T) {
	r := startHop(t, stock(7))
	p, err := r.edge.GetProduct(asCaller(testCtx(t)), &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err, "GetProduct at the edge")
	assert.Equal(t, int32(7), p.GetStockQuantity(), "the stock is the inventory's answer (StockFor returns stock.GetQuantity())")
	assert.Equal(t, "prod-001", p.GetId())
}

// The hop gets at most HopBudget, even when the caller has more time, or
// none set at all.
func TestHopDeadlineIsTheBudget(t *testing.T) {
	for _, c := range []struct {
		name    string
		timeout time.Duration // 0: the caller sets no deadline (a REST client, say)
	}{{"caller has 10s", 10 * time.Second}, {"caller has no deadline", 0}} {
		t.Run(c.name, func(t *testing.T) {
			r := startHop(t, stock(7))
			ctx, cancel := context.WithCancel(context.Background())
			if c.timeout > 0 {
				ctx, cancel = context.WithTimeout(ctx, c.timeout)
			}
			defer cancel()
			_, err := r.edge.GetProduct(asCaller(ctx), &pb.GetProductRequest{ProductId: "prod-001"})
			require.NoError(t, err)
			s := r.firstCall(t, err)
			t.Logf("the inventory had %v left (HopBudget %v)", s.remaining, HopBudget)
			require.True(t, s.hasDeadline, "the inventory's call has no deadline at all: a hung inventory would hold the edge's call, its goroutine and the caller forever. Give the hop HopBudget (context.WithTimeout)")
			assert.LessOrEqual(t, s.remaining, HopBudget,
				"the inventory had %v left, more than HopBudget (%v): the hop takes at most its budget, however long the caller would wait", s.remaining.Round(time.Millisecond), HopBudget)
			assert.Positive(t, s.remaining)
		})
	}
}

// A caller with less time than the budget: the hop gets the caller's
// deadline, never a later one. gRPC sends the time left (grpc-timeout), not
// a clock time, so it is the time left that is compared: what the inventory
// had when its handler started can be no more than the caller gave.
func TestHopDeadlineNeverOutlivesTheCaller(t *testing.T) {
	r := startHop(t, stock(7))
	const callerTimeout = 150 * time.Millisecond // < HopBudget
	ctx, cancel := context.WithTimeout(context.Background(), callerTimeout)
	defer cancel()
	_, err := r.edge.GetProduct(asCaller(ctx), &pb.GetProductRequest{ProductId: "prod-001"})
	s := r.firstCall(t, err)
	t.Logf("the caller gave %v; the inventory had %v left", callerTimeout, s.remaining)
	require.True(t, s.hasDeadline, "the inventory's call has no deadline at all: derive the hop's context from the caller's ctx, with HopBudget")
	assert.LessOrEqual(t, s.remaining, callerTimeout,
		"the inventory had %v left, the caller gave the whole call only %v: the inventory would go on working for a caller who has given up. Derive the hop's context from ctx (the caller's call), not from context.Background(): the earlier deadline wins",
		s.remaining.Round(time.Millisecond), callerTimeout)
}

// The caller hangs up: the inventory's call ends too, within milliseconds,
// not when its own budget runs out.
func TestHopCancelReachesTheDownstream(t *testing.T) {
	started := make(chan struct{})
	ended := make(chan time.Time, 1)
	r := startHop(t, func(ctx context.Context, _ *invpb.GetStockRequest) (*invpb.Stock, error) {
		close(started)
		select {
		case <-ctx.Done():
			ended <- time.Now()
			return nil, status.FromContextError(ctx.Err()).Err()
		case <-time.After(5 * time.Second):
			return nil, status.Error(codes.Internal, "never cancelled")
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := r.edge.GetProduct(asCaller(ctx), &pb.GetProductRequest{ProductId: "prod-001"})
		errc <- err
	}()
	select {
	case <-started:
	case err := <-errc:
		t.Fatalf("the edge's call ended (%v) and the inventory was never called: StockFor must call inv.GetStock", err)
	case <-time.After(5 * time.Second):
		t.Fatal("the inventory was never called: StockFor must call inv.GetStock")
	}
	cancelled := time.Now()
	cancel()
	select { // the caller's call ends at once: its own context is done
	case <-errc:
	case <-time.After(5 * time.Second):
		t.Fatal("the caller cancelled and its call did not end in 5s")
	}

	const within = 100 * time.Millisecond
	select {
	case at := <-ended:
		t.Logf("the inventory's context ended %v after the caller's cancel", at.Sub(cancelled))
		assert.LessOrEqual(t, at.Sub(cancelled), within,
			"the inventory went on for %v after the caller hung up: the hop's context must be derived from ctx (the caller's call), so its cancel reaches the inventory", at.Sub(cancelled).Round(time.Millisecond))
	case <-time.After(5 * time.Second):
		t.Fatal("the caller hung up and the inventory's call went on for 5s: derive the hop's context from ctx, not from context.Background()")
	}
}

// The request id and the caller's name travel; the caller's bearer token
// does not, and a caller cannot choose its own name.
func TestHopMetadata(t *testing.T) {
	t.Run("a caller with an id, a token and a claim", func(t *testing.T) {
		r := startHop(t, stock(7))
		ctx := asCaller(testCtx(t), RequestIDHeader, "req-42", CallerHeader, "admin", // "admin": a caller lying about who it is
			"cookie", "session=caller-secret", "x-api-key", "caller-key") // the caller's other secrets
		_, err := r.edge.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
		require.NoError(t, err)
		s := r.firstCall(t, err)
		assert.Empty(t, s.md.Get("authorization"),
			"the caller's bearer token reached the inventory: a secret goes no further than the service it was meant for. Send only what the inventory needs (%s, %s), not the incoming metadata", RequestIDHeader, CallerHeader)
		for _, key := range []string{"cookie", "x-api-key"} {
			assert.Empty(t, s.md.Get(key),
				"the caller's %s reached the inventory: forwarding the incoming metadata (even without authorization) sends whatever the caller sent, its other secrets too. Send only what the inventory needs (%s, %s)", key, RequestIDHeader, CallerHeader)
		}
		assert.Equal(t, []string{"req-42"}, s.md.Get(RequestIDHeader), "the inventory must see the call's request id (%s), once", RequestIDHeader)
		assert.Equal(t, []string{hopCaller}, s.md.Get(CallerHeader),
			"the inventory must see who the edge authenticated (CallerFrom(ctx)) in %s, once, never what the caller claims in its own metadata", CallerHeader)
	})
	t.Run("an id the edge made", func(t *testing.T) {
		r := startHop(t, stock(7))
		var header metadata.MD
		_, err := r.edge.GetProduct(asCaller(testCtx(t)), &pb.GetProductRequest{ProductId: "prod-001"}, grpc.Header(&header))
		require.NoError(t, err)
		made := header.Get(RequestIDHeader)
		require.Len(t, made, 1, "the edge sends the request id back (given)")
		s := r.firstCall(t, err)
		assert.Equal(t, made, s.md.Get(RequestIDHeader),
			"the caller sent no request id, so the edge made one (%s): the inventory must see that one. Take it from RequestIDFrom(ctx), not from the incoming metadata", made[0])
	})
}

// The inventory's errors become the edge's: the codes a caller can act on
// stay, everything else is the edge's Internal, and no message of the
// inventory reaches the caller.
func TestHopErrorCodes(t *testing.T) {
	const secret = "pq: connection to 10.0.3.7:5432 refused (user inventory_rw)"
	for _, c := range []struct {
		from, want codes.Code
		why        string
	}{
		{codes.Unavailable, codes.Unavailable, "the inventory is down for now: the caller may retry, so the code must stay Unavailable"},
		{codes.DeadlineExceeded, codes.DeadlineExceeded, "the time ran out: the caller should know it was time, not a bug"},
		{codes.Canceled, codes.Canceled, "a hang-up is no failure of the edge's: an Internal would count one in the edge's error rate for every caller who left"},
		{codes.InvalidArgument, codes.Internal, "the edge built the inventory's request: the caller cannot fix it"},
		{codes.Unauthenticated, codes.Internal, "the edge's own credentials failed: the caller must not be told to log in again"},
		{codes.PermissionDenied, codes.Internal, "the edge may not ask the inventory: that is the edge's problem, not the caller's"},
		{codes.NotFound, codes.Internal, "the catalog has the product and the inventory does not: the two services disagree, a bug"},
		{codes.Internal, codes.Internal, "the inventory's bug is the edge's Internal"},
		{codes.Unknown, codes.Internal, "an unknown failure is the edge's Internal"},
		// The rest of the codes, each the edge's Internal too: none of them
		// is about the caller's request, nor says a retry may work.
		{codes.ResourceExhausted, codes.Internal, "the inventory's quota is the edge's to respect: the caller cannot act on it (only Unavailable says \"retry\")"},
		{codes.FailedPrecondition, codes.Internal, "a state of the inventory the edge should have checked: the caller cannot change it"},
		{codes.Aborted, codes.Internal, "a conflict inside the inventory: the edge retries or fails, the caller cannot act on it"},
		{codes.OutOfRange, codes.Internal, "the edge built the request: the caller cannot fix it"},
		{codes.Unimplemented, codes.Internal, "the edge calls an RPC the inventory lacks: the edge's bug, not the caller's"},
		{codes.AlreadyExists, codes.Internal, "the inventory's answer to the edge's request: the caller cannot fix it"},
		{codes.DataLoss, codes.Internal, "the inventory's failure is the edge's Internal"},
	} {
		t.Run(c.from.String(), func(t *testing.T) {
			r := startHop(t, func(context.Context, *invpb.GetStockRequest) (*invpb.Stock, error) {
				return nil, status.Error(c.from, secret)
			})
			_, err := r.edge.GetProduct(asCaller(testCtx(t)), &pb.GetProductRequest{ProductId: "prod-001"})
			require.Error(t, err)
			st := status.Convert(err)
			assert.Equal(t, c.want.String(), st.Code().String(), "the inventory said %v, the edge must say %v: %s (the edge said %q)", c.from, c.want, c.why, st.Message())
			assert.NotContains(t, st.Message(), "10.0.3.7",
				"the inventory's message reached the caller: %q. It names hosts, users and internals; log it at the edge and give the caller words of your own", st.Message())
			assert.NotEmpty(t, st.Message(), "say what failed, in the edge's words (e.g. \"inventory unavailable\")")
		})
	}
	t.Run("inventory down", func(t *testing.T) {
		r := startHop(t, stock(7))
		r.stopInventory()
		_, err := r.edge.GetProduct(asCaller(testCtx(t)), &pb.GetProductRequest{ProductId: "prod-001"})
		require.Error(t, err)
		st := status.Convert(err)
		assert.Equal(t, codes.Unavailable.String(), st.Code().String(), "nothing listens at the inventory's address: Unavailable, so the caller may retry (the edge said %q)", st.Message())
		assert.NotContains(t, st.Message(), "127.0.0.1",
			"grpc-go's own message about the inventory's address reached the caller: %q. Give the caller words of your own", st.Message())
	})
}

// One trace spans both services: the inventory's server span is a
// descendant of the edge's, in the same trace.
func TestHopOneTrace(t *testing.T) {
	r := startHop(t, stock(7))
	_, err := r.edge.GetProduct(asCaller(testCtx(t)), &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err)

	// The servers end their spans as they finish, maybe after the client
	// has its answer: wait for both, boundedly.
	var spans []sdktrace.ReadOnlySpan
	var edge, inv sdktrace.ReadOnlySpan
	require.Eventually(t, func() bool {
		spans = r.spans.Ended()
		edge, inv = serverSpan(spans, "ecommerce.v1.ProductService/GetProduct"), serverSpan(spans, "inventory.v1.InventoryService/GetStock")
		return edge != nil && inv != nil
	}, 5*time.Second, 5*time.Millisecond, "no server spans: both servers trace (given)")

	// Up from the inventory's span, parent by parent, to the edge's.
	byID := map[oteltrace.SpanID]sdktrace.ReadOnlySpan{}
	for _, s := range spans {
		byID[s.SpanContext().SpanID()] = s
	}
	hop := spanOf(spans, "inventory.v1.InventoryService/GetStock", oteltrace.SpanKindClient)
	var chain []string
	for s := inv; s != nil; s = byID[s.Parent().SpanID()] {
		chain = append(chain, s.SpanKind().String()+" "+s.Name())
		if s.SpanContext().SpanID() == edge.SpanContext().SpanID() {
			assert.Equal(t, edge.SpanContext().TraceID(), inv.SpanContext().TraceID())
			// One trace, the inventory's span under the edge's. The hop's
			// own span belongs between them: without it the trace shows no
			// time spent calling (the wire, the wait), only its two ends.
			require.NotNil(t, hop, "the inventory's span is under the edge's, but the hop made no client span of its own: the propagator alone passed the edge's span on (the global provider records nothing). Give otelgrpc's client handler otelgrpc.WithTracerProvider(tp) too")
			assert.Equal(t, hop.SpanContext().SpanID(), inv.Parent().SpanID(), "the inventory's span's parent is not the hop's client span (its ancestors: %s)", strings.Join(chain, " <- "))
			return
		}
	}
	ancestors := strings.Join(chain, " <- ")
	switch {
	case hop == nil:
		t.Errorf("the inventory's span is in a trace of its own (its ancestors: %s), and the hop made no client span: DialInventory's connection does not trace its calls. Give it otelgrpc's client handler with otelgrpc.WithTracerProvider(tp): the global provider records nothing", ancestors)
	case hop.Parent().SpanID() == edge.SpanContext().SpanID():
		t.Errorf("the hop's client span is under the edge's GetProduct, but the inventory's span is not under it (its ancestors: %s): the trace context was not written into the call's metadata. Give the client handler the W3C propagator too, otelgrpc.WithPropagators(propagation.TraceContext{}): the global one is a no-op", ancestors)
	default:
		t.Errorf("the hop's call was traced, but not under the edge's GetProduct (its ancestors: %s): StockFor called the inventory with a context that does not hold the edge's span. Derive the hop's context from ctx, not from context.Background()", ancestors)
	}
}

func serverSpan(spans []sdktrace.ReadOnlySpan, name string) sdktrace.ReadOnlySpan {
	return spanOf(spans, name, oteltrace.SpanKindServer)
}

func spanOf(spans []sdktrace.ReadOnlySpan, name string, kind oteltrace.SpanKind) sdktrace.ReadOnlySpan {
	for _, s := range spans {
		if s.Name() == name && s.SpanKind() == kind {
			return s
		}
	}
	return nil
}

// captureClient is an InventoryServiceClient in the test's hands: it keeps
// the context StockFor called it with.
type captureClient struct {
	invpb.InventoryServiceClient
	ctx context.Context
}

func (c *captureClient) GetStock(ctx context.Context, req *invpb.GetStockRequest, _ ...grpc.CallOption) (*invpb.Stock, error) {
	c.ctx = ctx
	return &invpb.Stock{ProductId: req.GetProductId(), Quantity: 3}, nil
}

// The hop's context is released when StockFor returns, not when its budget
// runs out: each call's timer would otherwise live on for HopBudget.
func TestStockForReleasesItsContext(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background()) // the edge's call, still going
	defer cancel()
	c := &captureClient{}
	n, err := StockFor(parent, c, "prod-001")
	require.NoError(t, err)
	assert.Equal(t, int32(3), n)
	require.NotNil(t, c.ctx, "StockFor never called inv.GetStock")
	_, has := c.ctx.Deadline()
	require.True(t, has, "the inventory's call has no deadline: give the hop HopBudget (context.WithTimeout)")
	assert.True(t, errors.Is(c.ctx.Err(), context.Canceled),
		"StockFor returned and the context it called the inventory with is still live: call the cancel that context.WithTimeout gives you (defer cancel()), or its timer lives on for HopBudget after every call")
}
