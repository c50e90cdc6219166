package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// -metrics-addr serves /metrics on a port of its own, counting the calls
// the gRPC port answers. Until Observe (02-unary/metrics.go, a stretch) is
// written the server refuses the flag, and this test skips.
func TestRunServesMetrics(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-metrics-addr", "127.0.0.1:0"}, stdout)
		stdout.Close()
	}()
	defer cancel()

	lines := bufio.NewScanner(out)
	if !lines.Scan() { // run returned before it listened
		err := <-done
		if err != nil && strings.Contains(err.Error(), "TODO(02)") {
			t.Skipf("Observe is not written yet: %v", err)
		}
		t.Fatalf("the server stopped: %v", err)
	}
	defer func() {
		cancel() // what SIGINT does in main
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Error("server did not stop within 5s")
		}
	}()
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	require.True(t, ok, lines.Text())
	require.True(t, lines.Scan())
	_, metrics, ok := strings.Cut(lines.Text(), " are counted at ")
	require.True(t, ok, lines.Text())
	go func() { _, _ = io.Copy(io.Discard, out) }() // keep the log flowing

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	callCtx, cancelCall := context.WithTimeout(ctx, 5*time.Second)
	defer cancelCall()
	_, err = healthpb.NewHealthClient(conn).Check(callCtx, &healthpb.HealthCheckRequest{})
	require.NoError(t, err)

	// The server records the call just after the client has its answer.
	client := &http.Client{Timeout: 5 * time.Second}
	want := `rpc_method="grpc.health.v1.Health/Check"`
	var body string
	require.Eventually(t, func() bool {
		resp, err := client.Get(metrics)
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body = string(b)
		return resp.StatusCode == http.StatusOK && strings.Contains(body, want)
	}, 5*time.Second, 10*time.Millisecond, "no %s on %s:\n%s", want, metrics, body)
	assert.Contains(t, body, "rpc_server_call_duration_seconds_count{")
}
