package lb_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/06-rest-compare/lb"
	"github.com/grpcvsrest/workshop/06-rest-compare/lb/cluster"
)

// HAProxy checks every replica with gRPC's own health protocol
// (haproxy.cfg's tcp-check): a replica that says NOT_SERVING is taken out
// of the L7 rotation, and no call fails on the way. A TCP check would keep
// sending it calls: its port is still open.
func TestHAProxyLeavesOutANotServingReplica(t *testing.T) {
	replicas := startReplicas(t)
	p := startHAProxy(t, replicas)
	call := lb.GRPCCall(plainConn(t, p.L7GRPC))

	replicas[1].SetServing(false)
	late := untilNoCallsTo(t, replicas, 1, call)
	row := cluster.Spread(testCtx(t), "L7 (HAProxy), replica-2 NOT_SERVING", replicas, cluster.GRPC, call, calls)
	logRows(t, row)
	t.Logf("replica-2 answered %d calls after it said NOT_SERVING, before HAProxy's checks took it out", late)
	require.Zero(t, row.Failed)
	assert.Zero(t, row.Calls[1], "a NOT_SERVING replica gets no calls")
}

// A replica crashes with calls in flight. Behind L7, HAProxy sends a
// GetProduct that got no answer to another replica (retry-on
// empty-response: it is safe to do twice), its checks take the replica out
// within half a second, and a refused connection goes elsewhere (option
// redispatch). Without checks and retries, a third of the calls after the
// crash failed: HAProxy kept sending them to the dead replica.
func TestHAProxyLeavesOutACrashedReplica(t *testing.T) {
	t.Run("L7", func(t *testing.T) {
		replicas := startReplicas(t)
		p := startHAProxy(t, replicas)
		ctx := testCtx(t)
		call := lb.GRPCCall(plainConn(t, p.L7GRPC))

		crashing, stopped := cluster.StopDuring(call, calls/5, replicas[2].Stop)
		row := cluster.Spread(ctx, "L7 (HAProxy), replica-3 crashes after a fifth", replicas, cluster.GRPC, crashing, calls)
		<-stopped
		after := cluster.Spread(ctx, "L7 (HAProxy), the calls after", replicas, cluster.GRPC, call, 60)
		logRows(t, row, after)
		assert.LessOrEqual(t, row.Failed, int64(cluster.Workers), "more calls failed than were in flight on the replica")
		assert.GreaterOrEqual(t, row.Total()+row.Failed, int64(calls), "every call answered or failed")
		assert.Zero(t, after.Failed, "calls failed after the crash: HAProxy still sends to the dead replica")
		assert.EqualValues(t, 60, after.Total(), "every call after the crash answered")
		assert.Zero(t, after.Calls[2])
	})

	// L4: the client's one connection is pinned to one replica. When that
	// one crashes, the calls in flight on it fail, and the client's next
	// connection lands on a live replica; so do new clients.
	t.Run("L4", func(t *testing.T) {
		replicas := startReplicas(t)
		p := startHAProxy(t, replicas)
		ctx := testCtx(t)
		call := lb.GRPCCall(plainConn(t, p.L4GRPC))
		first := cluster.Spread(ctx, "", replicas, cluster.GRPC, call, 30)
		require.Zero(t, first.Failed)
		pinned := slices.IndexFunc(first.Calls, func(n int64) bool { return n > 0 })

		crashing, stopped := cluster.StopDuring(call, calls/5, replicas[pinned].Stop)
		row := cluster.Spread(ctx, "L4 (HAProxy), its replica crashes after a fifth", replicas, cluster.GRPC, crashing, calls)
		<-stopped
		logRows(t, row)
		assert.LessOrEqual(t, row.Failed, int64(cluster.Workers), "more calls failed than were in flight on the replica")

		// Nine new clients, a connection each: none may be sent to the
		// dead replica (the probe that found this: 3 of 9 failed).
		var failed int
		for range 9 {
			if lb.GRPCCall(plainConn(t, p.L4GRPC))(ctx) != nil {
				failed++
			}
		}
		assert.Zero(t, failed, "new connections through L4 failed after the crash")
	})
}
