package bidi

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/connectivity"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// The tests for the stretch exercise in retry.go: RetryOptions.

const todoRetry = "TODO(05): write RetryOptions in 05-bidi/retry.go -- see 05-bidi/README.md#stretch-retries-wait-for-ready-and-keepalive"

// A call made while the server is down, with your options: it waits (one
// attempt, still open while the client fails to connect), the server comes
// back on the same address, and the call ends with OK.
func TestRetryWaitsForTheServer(t *testing.T) {
	store := seeded()
	addr, stop := serveTCP(t, "127.0.0.1:0", store)
	tries := &attempts{}
	conn := dialTCP(t, addr, append(RetryOptions(), grpc.WithStatsHandler(tries))...)
	client := pb.NewProductServiceClient(conn)
	ctx := authCtx(t)
	_, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err, "with the server up")

	stop()
	awaitState(t, conn, "anything but READY", func(s connectivity.State) bool { return s != connectivity.Ready })
	tries.n.Store(0)
	done := make(chan error, 1)
	go func() {
		_, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
		done <- err
	}()
	// The call asks for a connection; connecting fails, nobody listens.
	awaitState(t, conn, "TRANSIENT_FAILURE", func(s connectivity.State) bool { return s == connectivity.TransientFailure })
	select {
	case err := <-done:
		t.Fatalf("the call ended while the server was down (%v); with waitForReady it waits for a connection. %s", err, todoRetry)
	default:
	}

	serveTCP(t, addr, store) // the restart: the same address, a new server
	select {
	case err := <-done:
		require.NoError(t, err, "the call should succeed on the restarted server. %s", todoRetry)
	case <-time.After(5 * time.Second):
		t.Fatalf("the call did not finish within 5 s of the server's restart. %s", todoRetry)
	}
	assert.EqualValues(t, 1, tries.n.Load(),
		"the call should wait, in one attempt; it failed and was tried again instead (is waitForReady set?). %s", todoRetry)
}

// Given behaviour, for contrast: without wait-for-ready, a call made while
// the server is down fails at once with UNAVAILABLE. That is what
// waitForReady changes.
func TestWithoutWaitForReadyACallFailsAtOnce(t *testing.T) {
	addr, stop := serveTCP(t, "127.0.0.1:0", seeded())
	conn := dialTCP(t, addr) // a plain client
	client := pb.NewProductServiceClient(conn)
	ctx := authCtx(t)
	_, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err, "with the server up")

	stop()
	awaitState(t, conn, "anything but READY", func(s connectivity.State) bool { return s != connectivity.Ready })
	start := time.Now()
	_, err = client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
	requireCode(t, codes.Unavailable, err, "a plain call with the server down")
	assert.Less(t, time.Since(start), 3*time.Second, "it fails at once, not at its deadline")
}

// The server fails GetProduct twice with UNAVAILABLE, then answers: with
// your retry policy the call succeeds, in three attempts.
func TestRetryRetriesUnavailable(t *testing.T) {
	var calls atomic.Int32
	client := startRetryServer(t, seeded(), failGetProduct(2, &calls))
	ctx, cancel := context.WithTimeout(authCtx(t), 5*time.Second)
	defer cancel()

	p, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})

	require.NoError(t, err, "the server failed twice with UNAVAILABLE, then answered: a retry policy for GetProduct tries again. %s", todoRetry)
	assert.Equal(t, "prod-001", p.GetId())
	assert.EqualValues(t, 3, calls.Load(), "attempts the server saw")
}

// Only UNAVAILABLE is worth another try: NOT_FOUND and INVALID_ARGUMENT will
// be the same answer every time.
func TestRetryLeavesOtherCodesAlone(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want codes.Code
	}{{"prod-999", codes.NotFound}, {"", codes.InvalidArgument}} {
		t.Run(tc.want.String(), func(t *testing.T) {
			var calls atomic.Int32
			client := startRetryServer(t, seeded(), failGetProduct(0, &calls)) // counts, fails none
			ctx, cancel := context.WithTimeout(authCtx(t), 5*time.Second)
			defer cancel()

			_, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: tc.id})

			assertCode(t, tc.want, err, "GetProduct("+tc.id+")")
			assert.EqualValues(t, 1, calls.Load(), "%s was retried: retry UNAVAILABLE only", tc.want)
		})
	}
}

// UploadProducts is not safe to retry. This server stores the upload, then
// loses its answer (as when the connection breaks at that moment) and says
// UNAVAILABLE. Tried again, the same upload would be refused with
// ALREADY_EXISTS: the client would be told "failed" about products that
// were stored. Only the caller can decide what to do.
func TestRetryLeavesUploadsAlone(t *testing.T) {
	var calls atomic.Int32
	loseFirstAnswer := grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if info.FullMethod != pb.ProductService_UploadProducts_FullMethodName || calls.Add(1) > 1 {
			return handler(srv, ss)
		}
		if err := handler(srv, lostAnswer{ss}); err != nil {
			return err
		}
		return status.Error(codes.Unavailable, "the connection broke before the answer")
	})
	store := seeded()
	client := startRetryServer(t, store, loseFirstAnswer)
	ctx, cancel := context.WithTimeout(authCtx(t), 5*time.Second)
	defer cancel()

	stream, err := client.UploadProducts(ctx)
	require.NoError(t, err)
	for _, id := range []string{"retry-1", "retry-2"} {
		require.NoError(t, stream.Send(newProduct(id)))
	}
	_, err = stream.CloseAndRecv()

	assert.EqualValues(t, 1, calls.Load(), "UploadProducts was retried: name only GetProduct in the service config")
	assertCode(t, codes.Unavailable, err, "the upload's own answer")
	_, err = store.Get("retry-1")
	assert.NoError(t, err, "the first attempt stored the upload")
}

// failGetProduct fails the first n GetProduct calls the server sees with
// UNAVAILABLE, and counts every one.
func failGetProduct(n int32, calls *atomic.Int32) grpc.ServerOption {
	return grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if info.FullMethod != pb.ProductService_GetProduct_FullMethodName {
			return handler(ctx, req)
		}
		if calls.Add(1) <= n {
			return nil, status.Error(codes.Unavailable, "not now, try again")
		}
		return handler(ctx, req)
	})
}

// lostAnswer is a server stream whose messages never leave.
type lostAnswer struct{ grpc.ServerStream }

func (lostAnswer) SendMsg(any) error { return nil }

func newProduct(id string) *pb.Product {
	return &pb.Product{Id: id, Name: "Product " + id, Price: 9.5, Category: "books", StockQuantity: 3,
		Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE}
}

// startRetryServer serves store (over bufconn) to a client dialled with
// your RetryOptions.
func startRetryServer(t *testing.T, store *catalog.Store, extra ...grpc.ServerOption) pb.ProductServiceClient {
	t.Helper()
	srv, _ := stage.NewServer(&Service{store: store}, stage.Config{Token: testToken, Logger: quiet}, extra...)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv, RetryOptions()...))
}

// serveTCP serves a new step 05 server over store on addr, a real loopback
// port ("127.0.0.1:0" picks one): a restart needs an address to come back
// to, which bufconn has not. stop ends it; the test's cleanup does too.
func serveTCP(t *testing.T, addr string, store *catalog.Store, opts ...grpc.ServerOption) (string, func()) {
	t.Helper()
	lis := listen(t, addr)
	srv, _ := stage.NewServer(&Service{store: store}, stage.Config{Token: testToken, Logger: quiet}, opts...)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(lis)
	}()
	var once sync.Once
	stop := func() { once.Do(func() { srv.Stop(); <-done }) }
	t.Cleanup(stop)
	return lis.Addr().String(), stop
}

// listen takes addr. A restarted server asks for the port it has just let
// go; should the kernel still hold it, try again, for at most a second.
func listen(t *testing.T, addr string) net.Listener {
	t.Helper()
	var err error
	for range 50 {
		var lis net.Listener
		if lis, err = net.Listen("tcp", addr); err == nil {
			return lis
		}
		time.Sleep(20 * time.Millisecond)
	}
	require.NoError(t, err, "listen on %s", addr)
	return nil
}

// dialTCP is a client of addr with opts. Its reconnect backoff is short:
// grpc-go waits 1 s after a failed connect, then 1.6 s, 2.6 s and so on,
// and the tests' server comes back at once.
func dialTCP(t *testing.T, addr string, opts ...grpc.DialOption) *grpc.ClientConn {
	t.Helper()
	opts = append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 20 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 200 * time.Millisecond},
			MinConnectTimeout: time.Second,
		}),
	}, opts...)
	conn, err := grpc.NewClient(addr, opts...)
	require.NoError(t, err, "grpc.NewClient refused the dial options (is the service config valid?)")
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// awaitState waits, at most 5 s, until conn's state is one ok accepts.
func awaitState(t *testing.T, conn *grpc.ClientConn, what string, ok func(connectivity.State) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for s := conn.GetState(); !ok(s); s = conn.GetState() {
		if !conn.WaitForStateChange(ctx, s) {
			t.Fatalf("the connection stayed %s for 5 s, never %s", s, what)
		}
	}
}

// attempts counts the attempts of a client's calls: grpc-go reports each
// one, the first and every retry, as a stats.Begin before it looks for a
// connection.
type attempts struct{ n atomic.Int32 }

func (a *attempts) HandleRPC(_ context.Context, s stats.RPCStats) {
	if b, ok := s.(*stats.Begin); ok && b.Client {
		a.n.Add(1)
	}
}

func (a *attempts) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (a *attempts) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (a *attempts) HandleConn(context.Context, stats.ConnStats)                       {}
