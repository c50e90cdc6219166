package unary

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"

	"github.com/grpcvsrest/workshop/internal/grpctest"
)

const todoToken = "TODO(02): write BearerToken in 02-unary/token.go -- see 02-unary/README.md#stretch-the-token-on-every-call"

// tokenServer is a health server that records the authorization metadata
// of every call that reaches it. Its TLS is built here, not with tls.go:
// these tests are about the token alone.
type tokenServer struct {
	addr string
	mu   sync.Mutex
	seen [][]string // each call's authorization values
}

func startTokenServer(t *testing.T, creds credentials.TransportCredentials) *tokenServer {
	t.Helper()
	s := &tokenServer{}
	record := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		s.mu.Lock()
		s.seen = append(s.seen, metadata.ValueFromIncomingContext(ctx, "authorization"))
		s.mu.Unlock()
		return handler(ctx, req)
	}
	srv := grpc.NewServer(grpc.Creds(creds), grpc.UnaryInterceptor(record))
	healthpb.RegisterHealthServer(srv, health.NewServer())
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(srv.Stop)
	s.addr = lis.Addr().String()
	return s
}

func (s *tokenServer) calls() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]string(nil), s.seen...)
}

func check(t *testing.T, conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	_, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err
}

// Over TLS, every call of the connection carries the token, without the
// caller adding anything to its context.
func TestBearerTokenRidesEveryCall(t *testing.T) {
	p := newPKI(t)
	s := startTokenServer(t, credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{p.server}, MinVersion: tls.VersionTLS12}))
	conn, err := grpc.NewClient(s.addr,
		grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: p.ca.Pool(), ServerName: "localhost", MinVersion: tls.VersionTLS12})),
		grpc.WithPerRPCCredentials(BearerToken("s3cret")))
	require.NoError(t, err)
	defer conn.Close()
	for range 3 {
		require.NoError(t, check(t, conn), todoToken)
	}
	assert.Equal(t, [][]string{{"Bearer s3cret"}, {"Bearer s3cret"}, {"Bearer s3cret"}}, s.calls(),
		"%s\neach call carries exactly one authorization value: \"Bearer \" and the token", todoToken)
}

// Over plaintext the token would be readable by anyone on the path: the
// credentials say so, and grpc-go refuses to make the call at all. The
// server never sees the token, and the error does not repeat it.
func TestBearerTokenNeedsTLS(t *testing.T) {
	s := startTokenServer(t, insecure.NewCredentials())
	conn, err := grpc.NewClient(s.addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(BearerToken("s3cret")))
	if err == nil {
		defer conn.Close()
		err = check(t, conn)
	}
	require.Error(t, err, "%s\nthe token went out over plaintext: RequireTransportSecurity must say it needs TLS", todoToken)
	assert.Contains(t, err.Error(), "transport level security", "%s\ngrpc-go's own refusal: the credentials require TLS", todoToken)
	assert.NotContains(t, err.Error(), "s3cret", "the error must not repeat the token")
	assert.Empty(t, s.calls(), "nothing reached the server")
}
