package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// -metrics-addr serves /metrics on a port of its own; a unary call and a
// stream to the gRPC port are counted there.
func TestRunServesMetrics(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	newServer := func(store *catalog.Store, cfg stage.Config, opts ...grpc.ServerOption) (*grpc.Server, *health.Server) {
		return stage.NewServer(&pb.UnimplementedProductServiceServer{}, cfg, opts...)
	}
	go func() {
		done <- Run(ctx, []string{"-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0", "-token", "t"}, stdout, newServer)
		stdout.Close()
	}()
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	require.True(t, ok, lines.Text())
	require.True(t, lines.Scan())
	_, metrics, ok := strings.Cut(lines.Text(), " are counted at ")
	require.True(t, ok, lines.Text())
	assert.Equal(t, "metrics: the calls to "+addr+" are counted at "+metrics, lines.Text())
	go func() { _, _ = io.Copy(io.Discard, out) }()

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	callCtx, cancelCall := context.WithTimeout(ctx, 5*time.Second)
	defer cancelCall()
	_, err = healthpb.NewHealthClient(conn).Check(callCtx, &healthpb.HealthCheckRequest{})
	require.NoError(t, err)
	stream, err := pb.NewProductServiceClient(conn).ListProducts(callCtx, &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, err = stream.Recv() // Unauthenticated: no token
	require.Error(t, err)

	// The server records a call just after the client has its answer.
	client := &http.Client{Timeout: 5 * time.Second}
	wants := []string{
		`rpc_method="grpc.health.v1.Health/Check",rpc_response_status_code="OK"`,
		`rpc_method="ecommerce.v1.ProductService/ListProducts",rpc_response_status_code="UNAUTHENTICATED"`,
	}
	var body string
	assert.Eventually(t, func() bool {
		resp, err := client.Get(metrics)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body = string(b)
		for _, want := range wants {
			if !strings.Contains(body, want) {
				return false
			}
		}
		return true
	}, 5*time.Second, 10*time.Millisecond, "want %q on %s:\n%s", wants, metrics, body)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5s")
	}
	_, err = client.Get(metrics)
	assert.Error(t, err, "the metrics port is still open after the server stopped")
}

// A metrics port that is taken stops the server at start, with the reason.
func TestRunRefusesATakenMetricsPort(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	newServer := func(store *catalog.Store, cfg stage.Config, opts ...grpc.ServerOption) (*grpc.Server, *health.Server) {
		return stage.NewServer(&pb.UnimplementedProductServiceServer{}, cfg, opts...)
	}
	err = Run(context.Background(), []string{"-addr", "127.0.0.1:0", "-metrics-addr", taken.Addr().String()}, io.Discard, newServer)
	assert.ErrorContains(t, err, "metrics:")
}
