package limits_test

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/limits"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	check = "/grpc.health.v1.Health/Check"
	watch = "/grpc.health.v1.Health/Watch" // a server stream that stays open
)

// serve runs a gRPC server with opts and the health service (no token
// needed) on a loopback port.
func serve(t *testing.T, opts ...grpc.ServerOption) string {
	t.Helper()
	srv := grpc.NewServer(opts...)
	healthpb.RegisterHealthServer(srv, health.NewServer())
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(lis) }()
	t.Cleanup(func() { srv.Stop(); <-done })
	return lis.Addr().String()
}

// What a client that ignores the server's SETTINGS can ask of one
// connection, with grpc-go's defaults and with the workshop's limits. The
// security probe that found this sent each to step 05's server: all served.
func TestLimitsHold(t *testing.T) {
	oneBig := hpack.HeaderField{Name: "x-big", Value: strings.Repeat("a", 1<<20)}
	var many []hpack.HeaderField
	for i := range 10_000 {
		many = append(many, hpack.HeaderField{Name: "x-many", Value: string(rune('a' + i%26))})
	}
	for _, tc := range []struct {
		name    string
		opts    []grpc.ServerOption
		refused bool
	}{
		{"grpc-go's defaults", nil, false},
		{"limits.GRPC()", limits.GRPC(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := serve(t, tc.opts...)
			// refusal: the outcome's start. A stream past the header limit
			// is reset; a header block that keeps coming after it, the
			// whole connection is closed (x/net/http2 stops reading it).
			expect := func(what, outcome string, refusal ...string) {
				t.Helper()
				if tc.refused {
					assert.True(t, slices.ContainsFunc(refusal, func(r string) bool { return strings.HasPrefix(outcome, r) }),
						"%s was not refused: %s (want %q)", what, outcome, refusal)
				} else {
					assert.Equal(t, "grpc-status 0", outcome, "%s: grpc-go's default serves it", what)
				}
				t.Logf("%-38s %s", what, outcome)
			}

			c := grpctest.DialH2(t, addr)
			if tc.refused {
				assert.EqualValues(t, limits.Streams, c.Settings[http2.SettingMaxConcurrentStreams], "SETTINGS_MAX_CONCURRENT_STREAMS")
				assert.EqualValues(t, limits.HeaderBytes, c.Settings[http2.SettingMaxHeaderListSize], "SETTINGS_MAX_HEADER_LIST_SIZE")
			} else {
				_, announced := c.Settings[http2.SettingMaxConcurrentStreams]
				assert.False(t, announced, "grpc-go announces no stream limit")
			}
			// Each on a connection of its own: a refusal may close it.
			refused := []string{"RST_STREAM FRAME_SIZE_ERROR", "GOAWAY", "closed"}
			c = grpctest.DialH2(t, addr)
			expect("a 1 MiB header", c.Outcome(c.Call(check, oneBig)), refused...)
			c = grpctest.DialH2(t, addr)
			expect("10,000 headers", c.Outcome(c.Call(check, many...)), refused...)
			c = grpctest.DialH2(t, addr)
			expect("a 7 KB HPACK block of 12 MB", c.Outcome(c.CallWithBlock(grpctest.HPACKBomb(check, 12<<20))), refused...)
			require.Less(t, len(grpctest.HPACKBomb(check, 12<<20)), 8<<10)

			// Streams: hold limits.Streams open (health Watch answers and
			// stays open), then one more.
			c = grpctest.DialH2(t, addr)
			for range limits.Streams {
				c.Call(watch)
			}
			extra := c.Call(check)
			expect("a stream past 100 open ones", c.Outcome(extra), "RST_STREAM REFUSED_STREAM")
		})
	}
}

// A grpc-go client reads the server's SETTINGS and keeps to them: metadata
// past the limit is never sent (the call fails on the client, Internal),
// and calls past the stream limit wait for a free stream instead of failing.
func TestAGRPCClientKeepsToTheLimits(t *testing.T) {
	addr := serve(t, limits.GRPC()...)
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	client := healthpb.NewHealthClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	_, err = client.Check(ctx, &healthpb.HealthCheckRequest{}) // the connection up, SETTINGS read
	require.NoError(t, err)

	big := metadata.AppendToOutgoingContext(ctx, "x-big", strings.Repeat("a", limits.HeaderBytes))
	_, err = client.Check(big, &healthpb.HealthCheckRequest{})
	assert.Equal(t, codes.Internal, status.Code(err), "%v", err)
	assert.ErrorContains(t, err, "header list size to send violates the maximum size (65536 bytes) set by server")

	// 150 Watch calls at once: 100 open and answer; the other 50 wait for
	// a free stream (the call blocks in Watch), and none fails.
	var cancels []context.CancelFunc
	for range limits.Streams {
		sctx, cancel := context.WithCancel(ctx)
		defer cancel()
		s, err := client.Watch(sctx, &healthpb.HealthCheckRequest{})
		require.NoError(t, err)
		_, err = s.Recv()
		require.NoError(t, err)
		cancels = append(cancels, cancel)
	}
	waited := make(chan error, 50)
	for range 50 {
		go func() {
			s, err := client.Watch(ctx, &healthpb.HealthCheckRequest{})
			if err == nil {
				_, err = s.Recv()
			}
			waited <- err
		}()
	}
	for _, cancel := range cancels { // free the 100
		cancel()
	}
	for range 50 {
		assert.NoError(t, <-waited, "a call that waited for a free stream")
	}
	cancel() // ends the 50 Watch calls
}
