package step02

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/grpcvsrest/workshop/internal/certs"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// check serves health with serverCreds on loopback and calls it with clientCreds.
func check(t *testing.T, serverCreds, clientCreds credentials.TransportCredentials) error {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := grpc.NewServer(grpc.Creds(serverCreds))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(lis) }()
	defer func() { srv.Stop(); <-done }()

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(clientCreds))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err
}

// The stage servers' -tls and -mtls run on these: the same rules as
// 02-unary/tls_test.go, in brief.
func TestCredentials(t *testing.T) {
	ca, err := certs.NewCA("ca")
	require.NoError(t, err)
	stranger, err := certs.NewCA("stranger")
	require.NoError(t, err)
	server, err := ca.Server()
	require.NoError(t, err)
	client, err := ca.Client("workshop-client")
	require.NoError(t, err)

	assert.NoError(t, check(t, ServerCredentials(server, nil), ClientCredentials(ca.Pool(), "", nil)), "TLS")
	assert.NoError(t, check(t, ServerCredentials(server, ca.Pool()), ClientCredentials(ca.Pool(), "localhost", &client)), "mTLS")

	refused := map[string]error{
		"unknown authority": check(t, ServerCredentials(server, nil), ClientCredentials(stranger.Pool(), "", nil)),
		"wrong name":        check(t, ServerCredentials(server, nil), ClientCredentials(ca.Pool(), "wrong.example", nil)),
		"no client cert":    check(t, ServerCredentials(server, ca.Pool()), ClientCredentials(ca.Pool(), "", nil)),
	}
	for name, err := range refused {
		assert.Equal(t, codes.Unavailable, status.Code(err), "%s: %v", name, err)
	}
}
