package serve

import (
	"bufio"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

func TestMain(m *testing.M) {
	// After an error answer such as 431, net/http half-closes the connection
	// and waits 500 ms for the client to finish sending (so the client reads
	// the answer, not a reset) before it closes it: a goroutine that ends on
	// its own, by design, after the server is closed.
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("net/http.(*conn).closeWriteAndWait"))
}

// A stage binary's code path on a real TCP port: start, answer, stop on cancel.
func TestRunServesAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	newServer := func(store *catalog.Store, cfg stage.Config, opts ...grpc.ServerOption) (*grpc.Server, *health.Server) {
		return stage.NewServer(&pb.UnimplementedProductServiceServer{}, cfg, opts...)
	}
	go func() { done <- Run(ctx, []string{"-addr", "127.0.0.1:0"}, stdout, newServer); stdout.Close() }()

	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	require.True(t, ok, lines.Text())
	go func() { _, _ = io.Copy(io.Discard, out) }() // keep the log flowing

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	callCtx, cancelCall := context.WithTimeout(ctx, 5*time.Second)
	defer cancelCall()
	resp, err := healthpb.NewHealthClient(conn).Check(callCtx, &healthpb.HealthCheckRequest{})
	require.NoError(t, err)
	assert.Equal(t, healthpb.HealthCheckResponse_SERVING, resp.GetStatus())

	cancel() // what SIGINT does in main
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5s")
	}
}

// -reflection=false leaves reflection out: grpcurl list gets Unimplemented.
func TestReflectionCanBeTurnedOff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	newServer := func(store *catalog.Store, cfg stage.Config, opts ...grpc.ServerOption) (*grpc.Server, *health.Server) {
		return stage.NewServer(&pb.UnimplementedProductServiceServer{}, cfg, opts...)
	}
	go func() {
		done <- Run(ctx, []string{"-addr", "127.0.0.1:0", "-reflection=false"}, stdout, newServer)
		stdout.Close()
	}()
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	addr, _ := strings.CutPrefix(lines.Text(), "listening on ")
	go func() { _, _ = io.Copy(io.Discard, out) }()

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	callCtx, cancelCall := context.WithTimeout(ctx, 5*time.Second)
	defer cancelCall()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(callCtx)
	require.NoError(t, err)
	_ = stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}})
	_, err = stream.Recv()
	assert.Equal(t, codes.Unimplemented, status.Code(err), "reflection is off: %v", err)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5s")
	}
}
