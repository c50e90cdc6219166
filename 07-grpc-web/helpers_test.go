package grpcweb

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const testToken = "test-token"

// startServer serves the stage on a real port (HTTP/1.1 and h2c, as
// cmd/server does) and returns its base URL.
func startServer(t *testing.T, allowedOrigins ...string) string {
	t.Helper()
	h, err := NewServer(catalog.Seeded(), Config{Token: testToken, AllowedOrigins: allowedOrigins})
	require.NoError(t, err)
	return serveHandler(t, h)
}

// serveHandler serves h as startServer does, for a test that wraps the
// stage's handler (to see which requests reach it).
func serveHandler(t *testing.T, h http.Handler) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := serve.NewHTTPServer(h)
	done := make(chan struct{})
	go func() { _ = srv.Serve(lis); close(done) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
		<-done
	})
	return "http://" + lis.Addr().String()
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// httpClient closes its idle connections when the test ends (goleak).
func httpClient(t *testing.T) *http.Client {
	c := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	t.Cleanup(c.CloseIdleConnections)
	return c
}
