package serve

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// startRun runs Run with args and returns the address and the nHints
// lines printed after "listening on"; stop (or the test's end) stops it.
func startRun(t *testing.T, nHints int, args ...string) (addr string, hints []string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	newServer := func(store *catalog.Store, cfg stage.Config, opts ...grpc.ServerOption) (*grpc.Server, *health.Server) {
		return stage.NewServer(&pb.UnimplementedProductServiceServer{}, cfg, opts...)
	}
	go func() {
		done <- Run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), stdout, newServer)
		stdout.Close()
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		_ = out.Close() // nobody may be reading: the server's last lines must not block it
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Fatal("server did not stop within 5s")
		}
	}
	t.Cleanup(stop)

	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	require.True(t, ok, lines.Text())
	for range nHints {
		require.True(t, lines.Scan())
		hints = append(hints, lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }() // keep the log flowing
	return addr, hints, stop
}

// flagValue is the word after name in the hint lines: grpcurl's -cacert FILE.
func flagValue(t *testing.T, hints []string, name string) string {
	t.Helper()
	for _, h := range hints {
		words := strings.Fields(h)
		for i, w := range words[:len(words)-1] {
			if w == name {
				return words[i+1]
			}
		}
	}
	t.Fatalf("no %s in %q", name, hints)
	return ""
}

// healthOver makes one health check with creds and returns what the client
// saw of the server.
func healthOver(t *testing.T, addr string, creds credentials.TransportCredentials) (*peer.Peer, error) {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var p peer.Peer
	_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{}, grpc.Peer(&p))
	return &p, err
}

func caPool(t *testing.T, path string) *x509.CertPool {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "KEY", "the CA file holds a certificate, no key")
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(b))
	return pool
}

func TestRunServesTLS(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	addr, hints, _ := startRun(t, 2, "-tls", "-tls-ca-out", caFile)
	assert.Equal(t, caFile, flagValue(t, hints, "-cacert"), "the hint names the CA file")

	p, err := healthOver(t, addr, step02.ClientCredentials(caPool(t, caFile), "", nil))
	require.NoError(t, err)
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	require.True(t, ok, "%T", p.AuthInfo)
	assert.GreaterOrEqual(t, info.State.Version, uint16(tls.VersionTLS12))

	_, err = healthOver(t, addr, insecure.NewCredentials())
	assert.Equal(t, codes.Unavailable, status.Code(err), "a plaintext client: %v", err)
}

func TestRunServesMutualTLS(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	addr, hints, stop := startRun(t, 3, "-tls-ca-out", caFile, "-mtls")
	certFile, keyFile := flagValue(t, hints, "-cert"), flagValue(t, hints, "-key")
	client, err := tls.LoadX509KeyPair(certFile, keyFile)
	require.NoError(t, err)
	pool := caPool(t, caFile)

	_, err = healthOver(t, addr, step02.ClientCredentials(pool, "", &client))
	require.NoError(t, err)
	_, err = healthOver(t, addr, step02.ClientCredentials(pool, "", nil))
	assert.Equal(t, codes.Unavailable, status.Code(err), "a client without a certificate: %v", err)

	stop()
	_, err = os.Stat(keyFile)
	assert.True(t, errors.Is(err, os.ErrNotExist), "the client's key is removed at stop")
}
