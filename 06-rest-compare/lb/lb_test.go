package lb_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/grpcvsrest/workshop/06-rest-compare/lb"
	"github.com/grpcvsrest/workshop/06-rest-compare/lb/cluster"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// calls is how many calls each setup makes: enough for ±10 % to mean
// something, few enough for a second of CI.
const calls = 3000

func startReplicas(t *testing.T) []*cluster.Replica {
	t.Helper()
	replicas, stop, err := cluster.StartReplicas(3)
	require.NoError(t, err)
	t.Cleanup(stop)
	return replicas
}

// startHAProxy starts haproxy in front of the replicas. Without haproxy the
// test is skipped on a laptop, loudly, and fails under CI=true.
func startHAProxy(t *testing.T, replicas []*cluster.Replica) *cluster.HAProxy {
	t.Helper()
	p, err := cluster.StartHAProxy(context.Background(), replicas)
	if errors.Is(err, cluster.ErrNoHAProxy) && os.Getenv("CI") != "true" {
		t.Skipf("SKIPPED: %v", err)
	}
	require.NoError(t, err, "CI=true requires haproxy (the project's .ci/run installs it)")
	t.Cleanup(p.Stop)
	return p
}

func plainConn(t *testing.T, addr string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// balancedConn dials the replicas with Dial; opts come after the
// credentials.
func balancedConn(t *testing.T, replicas []*cluster.Replica, opts ...grpc.DialOption) *grpc.ClientConn {
	t.Helper()
	var addrs []string
	for _, r := range replicas {
		addrs = append(addrs, r.GRPCAddr)
	}
	conn, err := lb.Dial(addrs, append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}, opts...)...)
	require.NoError(t, err, "Dial")
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// warm waits until the balanced client reaches every replica.
func warm(t *testing.T, replicas []*cluster.Replica, call lb.Call) {
	t.Helper()
	require.NoError(t, cluster.Warm(testCtx(t), replicas, cluster.GRPC, call),
		"does Dial give round_robin every address?")
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// assertEven checks every replica got a third of the calls, ±10 %.
func assertEven(t *testing.T, row cluster.Row) {
	t.Helper()
	even := float64(row.Total()) / float64(len(row.Calls))
	for i, c := range row.Calls {
		assert.LessOrEqual(t, math.Abs(float64(c)-even), 0.1*even,
			"%s: replica-%d answered %d of %d calls, a third is %.0f", row.Setup, i+1, c, row.Total(), even)
	}
}

func logRows(t *testing.T, rows ...cluster.Row) {
	var b bytes.Buffer
	cluster.Table(&b, rows)
	t.Logf("calls per replica:\n%s", b.String())
}

func TestL4SendsEveryGRPCCallToOneReplica(t *testing.T) {
	replicas := startReplicas(t)
	p := startHAProxy(t, replicas)
	ctx := testCtx(t)

	g := cluster.Spread(ctx, "L4, gRPC", replicas, cluster.GRPC, lb.GRPCCall(plainConn(t, p.L4GRPC)), calls)
	client := lb.RESTClient(cluster.Workers)
	defer client.CloseIdleConnections()
	r := cluster.Spread(ctx, "L4, REST HTTP/1.1", replicas, cluster.REST, lb.RESTCall(client, "http://"+p.L4REST), calls)
	logRows(t, g, r)

	require.Zero(t, g.Failed)
	require.Zero(t, r.Failed)
	assert.Equal(t, int64(calls), g.Total())
	assert.Contains(t, g.Calls, int64(calls), "one HTTP/2 connection, one replica: every gRPC call on it")
	// REST opens a connection per call in flight (10), which L4 spreads.
	for i, c := range r.Calls {
		assert.Positive(t, c, "REST over HTTP/1.1: replica-%d got no connection", i+1)
	}
}

func TestL7ProxySpreadsEachCall(t *testing.T) {
	replicas := startReplicas(t)
	p := startHAProxy(t, replicas)
	row := cluster.Spread(testCtx(t), "L7 proxy, gRPC", replicas, cluster.GRPC, lb.GRPCCall(plainConn(t, p.L7GRPC)), calls)
	logRows(t, row)
	require.Zero(t, row.Failed)
	assert.Equal(t, int64(calls), row.Total())
	assertEven(t, row)
}

func TestRoundRobinSpreadsEachCall(t *testing.T) {
	replicas := startReplicas(t)
	// The caller's options are kept: this interceptor sees every call.
	var seen atomic.Int64
	counting := grpc.WithChainUnaryInterceptor(func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		seen.Add(1)
		return invoker(ctx, method, req, reply, cc, opts...)
	})
	call := lb.GRPCCall(balancedConn(t, replicas, counting))
	warm(t, replicas, call)
	warmed := seen.Load()
	row := cluster.Spread(testCtx(t), "client-side round_robin", replicas, cluster.GRPC, call, calls)
	logRows(t, row)
	require.Zero(t, row.Failed)
	assert.Equal(t, int64(calls), row.Total())
	assertEven(t, row)
	assert.Equal(t, int64(calls), seen.Load()-warmed, "Dial must keep the caller's options (here an interceptor)")
}

// untilNoCallsTo makes batches of calls until one batch leaves replica
// out (the client has seen its health change), at most for 5 s, and
// returns how many calls it still answered on the way.
func untilNoCallsTo(t *testing.T, replicas []*cluster.Replica, out int, call lb.Call) (answered int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		row := cluster.Spread(testCtx(t), "", replicas, cluster.GRPC, call, 30)
		require.Zero(t, row.Failed, "no call may fail while a replica is taken out")
		if row.Calls[out] == 0 {
			return answered
		}
		answered += row.Calls[out]
	}
	t.Fatalf("replica-%d still gets calls 5 s after it said NOT_SERVING: is health checking on, for ecommerce.v1.ProductService?", out+1)
	return 0
}

func TestRoundRobinLeavesOutANotServingReplica(t *testing.T) {
	replicas := startReplicas(t)
	call := lb.GRPCCall(balancedConn(t, replicas))
	ctx := testCtx(t)
	warm(t, replicas, call)

	replicas[1].SetServing(false)
	late := untilNoCallsTo(t, replicas, 1, call)
	row := cluster.Spread(ctx, "round_robin, replica-2 NOT_SERVING", replicas, cluster.GRPC, call, calls)
	logRows(t, row)
	t.Logf("replica-2 answered %d calls after it said NOT_SERVING, before the client left it out", late)
	require.Zero(t, row.Failed)
	assert.Zero(t, row.Calls[1], "a NOT_SERVING replica gets no calls")
	assert.Positive(t, row.Calls[0])
	assert.Positive(t, row.Calls[2])

	// And back: SERVING again, it gets its share again.
	replicas[1].SetServing(true)
	deadline := time.Now().Add(5 * time.Second)
	for cluster.Spread(ctx, "", replicas, cluster.GRPC, call, 30).Calls[1] == 0 {
		require.True(t, time.Now().Before(deadline), "replica-2 gets no calls 5 s after it is SERVING again")
	}
}

func TestRoundRobinLeavesOutAReplicaThatStops(t *testing.T) {
	for _, tc := range []struct {
		name     string
		stop     func(*cluster.Replica)
		mayFail  int64 // calls that may fail while the replica goes
		describe string
	}{
		{"graceful", func(r *cluster.Replica) { r.GracefulStop(context.Background()) }, 0,
			"GOAWAY: the client stops picking it, calls in flight finish"},
		{"crash", func(r *cluster.Replica) { r.Stop() }, cluster.Workers,
			"the connection is cut: the calls in flight on it fail"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replicas := startReplicas(t)
			call := lb.GRPCCall(balancedConn(t, replicas))
			ctx := testCtx(t)
			warm(t, replicas, call)

			// Stop replica-3 while calls are in flight, a fifth of the way.
			call, stopped := cluster.StopDuring(call, calls/5, func() { tc.stop(replicas[2]) })
			row := cluster.Spread(ctx, "round_robin, replica-3 "+tc.name, replicas, cluster.GRPC, call, calls)
			<-stopped
			t.Log(tc.describe)
			logRows(t, row)
			assert.LessOrEqual(t, row.Failed, tc.mayFail, "calls failed while replica-3 went away (%s)", tc.name)
			// A crash can lose an answer: the replica counted the call, the
			// client saw it fail. Only a call safe to do twice may be retried.
			assert.GreaterOrEqual(t, row.Total()+row.Failed, int64(calls), "every call answered or failed")
			assert.Less(t, row.Calls[2], int64(calls/3), "replica-3 stopped a fifth of the way")
		})
	}
}
