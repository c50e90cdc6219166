package unary

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"

	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/certs"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for the stretch exercise in tls.go. Every certificate and key
// is made here, at run time (internal/certs): the repository holds none.
// The connections go over bufconn, whose address is "bufnet", so a client
// that checks the server's name must be told it: "localhost".

const todoTLS = "TODO(02): write ServerCredentials and ClientCredentials in 02-unary/tls.go -- see 02-unary/README.md#stretch-tls-and-mtls"

// pki is one test's certificates: a CA the two sides trust, and one nobody does.
type pki struct {
	ca, stranger *certs.CA
	server       tls.Certificate // for 127.0.0.1, ::1 and localhost, from ca
	client       tls.Certificate // "workshop-client", from ca
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	p := &pki{ca: mustCA(t, "workshop CA"), stranger: mustCA(t, "a stranger's CA")}
	p.server = must(t)(p.ca.Server())
	p.client = must(t)(p.ca.Client("workshop-client"))
	return p
}

func mustCA(t *testing.T, name string) *certs.CA {
	ca, err := certs.NewCA(name)
	require.NoError(t, err)
	return ca
}

// must(t)(cert, err) is cert, or the test stops.
func must(t *testing.T) func(tls.Certificate, error) tls.Certificate {
	return func(c tls.Certificate, err error) tls.Certificate {
		t.Helper()
		require.NoError(t, err)
		return c
	}
}

// tlsServer is step 02's server with serverCreds, watched: the test sees
// what the server saw of each caller and the server's handshake errors.
type tlsServer struct {
	srv        *grpc.Server
	seen       chan *peer.Peer // the caller of the first call
	handshakes chan error      // the error of the first handshake
}

func newTLSServer(serverCreds credentials.TransportCredentials) *tlsServer {
	s := &tlsServer{seen: make(chan *peer.Peer, 1), handshakes: make(chan error, 1)}
	record := func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		p, _ := peer.FromContext(ctx)
		select {
		case s.seen <- p:
		default:
		}
		return handler(ctx, req)
	}
	s.srv, _ = NewServer(catalog.Seeded(), Config{Token: testToken, Logger: slog.New(slog.DiscardHandler)},
		grpc.Creds(&watchedCreds{TransportCredentials: serverCreds, errs: s.handshakes}),
		grpc.ChainUnaryInterceptor(record))
	return s
}

// check makes one health check (public: no token) and returns what the
// server saw of the caller, nil when the call did not reach it.
func (s *tlsServer) check(t *testing.T, conn *grpc.ClientConn) (*peer.Peer, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	_, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	select {
	case p := <-s.seen:
		return p, err
	default:
		return nil, err
	}
}

// serverErr is the server's own reason for refusing a connection. The
// client's reason is a race when the server hangs up: "certificate
// required" if it read the alert first, "closed pipe" if it was writing.
func (s *tlsServer) serverErr(t *testing.T) error {
	t.Helper()
	select {
	case err := <-s.handshakes:
		return err
	case <-time.After(grpctest.Timeout):
		t.Fatal("the server never finished its handshake")
		return nil
	}
}

// watchedCreds reports the error of the server's first handshake.
type watchedCreds struct {
	credentials.TransportCredentials
	errs chan error
}

func (w *watchedCreds) ServerHandshake(conn net.Conn) (net.Conn, credentials.AuthInfo, error) {
	c, info, err := w.TransportCredentials.ServerHandshake(conn)
	select {
	case w.errs <- err:
	default:
	}
	return c, info, err
}

// tlsCall serves step 02's server with serverCreds over bufconn and makes
// one health check with clientCreds.
func tlsCall(t *testing.T, serverCreds, clientCreds credentials.TransportCredentials) *tlsResult {
	t.Helper()
	s := newTLSServer(serverCreds)
	conn := grpctest.Dial(t, s.srv, grpc.WithTransportCredentials(clientCreds))
	p, err := s.check(t, conn)
	return &tlsResult{tlsServer: s, peer: p, err: err}
}

// tlsResult is what one tlsCall saw.
type tlsResult struct {
	*tlsServer
	peer *peer.Peer // what the server saw of the client; nil when no call reached it
	err  error      // the call's error
}

// requireTLS stops the test unless the server saw a TLS connection of
// version 1.2 or later, and returns its state.
func requireTLS(t *testing.T, p *peer.Peer, err error) tls.ConnectionState {
	t.Helper()
	require.NoError(t, err, todoTLS)
	require.NotNil(t, p, "the call did not reach the server")
	info, ok := p.AuthInfo.(credentials.TLSInfo)
	require.True(t, ok, "%s\nthe server's connection is %T, not TLS: anyone on the path can read it", todoTLS, p.AuthInfo)
	assert.GreaterOrEqual(t, info.State.Version, uint16(tls.VersionTLS12), "TLS %s; 1.2 at least", tls.VersionName(info.State.Version))
	assert.Equal(t, "h2", info.State.NegotiatedProtocol, "gRPC is HTTP/2, negotiated with ALPN")
	return info.State
}

// requireRefused stops the test unless the call failed with Unavailable
// (the connection never got to HTTP/2) and a message containing want.
func requireRefused(t *testing.T, err error, want, why string) {
	t.Helper()
	requireUnavailable(t, err, why)
	require.Contains(t, err.Error(), want, "%s\n%s", todoTLS, why)
}

// requireUnavailable is requireRefused without the message: for a refusal
// by the server, whose reason the client may not get (see serverErr).
func requireUnavailable(t *testing.T, err error, why string) {
	t.Helper()
	require.Error(t, err, "%s\nthe call went through, but %s", todoTLS, why)
	grpctest.RequireCode(t, codes.Unavailable, err, todoTLS)
}

func TestTLS(t *testing.T) {
	p := newPKI(t)
	res := tlsCall(t, ServerCredentials(p.server, nil), ClientCredentials(p.ca.Pool(), "localhost", nil))
	state := requireTLS(t, res.peer, res.err)
	assert.Empty(t, state.PeerCertificates, "TLS only (clientCAs nil): the server asks no certificate of the client")
}

// The name the client checks is the host it dialled when serverName is
// empty: over TCP to 127.0.0.1, the certificate's IP SAN.
func TestTLSOverTCPChecksTheAddressDialled(t *testing.T) {
	p := newPKI(t)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := newTLSServer(ServerCredentials(p.server, nil))
	done := make(chan struct{})
	go func() { defer close(done); _ = s.srv.Serve(lis) }()
	t.Cleanup(func() { s.srv.Stop(); <-done })

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(ClientCredentials(p.ca.Pool(), "", nil)))
	require.NoError(t, err)
	defer conn.Close()
	pr, err := s.check(t, conn)
	requireTLS(t, pr, err)
}

func TestMutualTLS(t *testing.T) {
	p := newPKI(t)
	res := tlsCall(t, ServerCredentials(p.server, p.ca.Pool()), ClientCredentials(p.ca.Pool(), "localhost", &p.client))
	state := requireTLS(t, res.peer, res.err)
	require.NotEmpty(t, state.PeerCertificates, "%s\nmTLS: the server must see the client's certificate", todoTLS)
	assert.Equal(t, "workshop-client", state.PeerCertificates[0].Subject.CommonName)
	assert.NotEmpty(t, state.VerifiedChains, "the server took the client's certificate without checking who signed it (ClientAuth)")
}

func TestTLSRefusesAnUnknownAuthority(t *testing.T) {
	p := newPKI(t)
	err := tlsCall(t, ServerCredentials(p.server, nil), ClientCredentials(p.stranger.Pool(), "localhost", nil)).err
	requireRefused(t, err, "certificate signed by unknown authority",
		"the client trusts only the stranger's CA, which did not sign the server's certificate")
}

func TestTLSRefusesAnExpiredCertificate(t *testing.T) {
	p := newPKI(t)
	expired := must(t)(p.ca.ExpiredServer())
	err := tlsCall(t, ServerCredentials(expired, nil), ClientCredentials(p.ca.Pool(), "localhost", nil)).err
	requireRefused(t, err, "certificate has expired", "the server's certificate expired an hour ago")
}

func TestTLSChecksTheServersName(t *testing.T) {
	p := newPKI(t)
	t.Run("a certificate for another name", func(t *testing.T) {
		other := must(t)(p.ca.ServerFor("other.example"))
		err := tlsCall(t, ServerCredentials(other, nil), ClientCredentials(p.ca.Pool(), "localhost", nil)).err
		requireRefused(t, err, "certificate is valid for other.example, not localhost",
			"the certificate is for other.example and the client asked for localhost")
	})
	t.Run("a serverName not in the certificate", func(t *testing.T) {
		err := tlsCall(t, ServerCredentials(p.server, nil), ClientCredentials(p.ca.Pool(), "wrong.example", nil)).err
		requireRefused(t, err, "not wrong.example",
			"the client must check the server's certificate against serverName, wrong.example")
	})
}

func TestMutualTLSRefusesAClientWithoutACertificate(t *testing.T) {
	p := newPKI(t)
	res := tlsCall(t, ServerCredentials(p.server, p.ca.Pool()), ClientCredentials(p.ca.Pool(), "localhost", nil))
	requireUnavailable(t, res.err, "with clientCAs, a client without a certificate must be refused")
	assert.ErrorContains(t, res.serverErr(t), "client didn't provide a certificate")
}

// Go's client sends only a certificate the server's CAs signed, so this
// client is raw crypto/tls that sends the stranger's certificate anyway,
// and the test reads the server's own error.
func TestMutualTLSRefusesACertificateOfAnotherCA(t *testing.T) {
	p := newPKI(t)
	intruder := must(t)(p.stranger.Client("intruder"))
	serverErr, _ := handshake(t, ServerCredentials(p.server, p.ca.Pool()), &tls.Config{
		InsecureSkipVerify: true, // this test checks the server only
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			return &intruder, nil
		},
	})
	require.Error(t, serverErr, "%s\nthe server took a client certificate that the stranger's CA signed", todoTLS)
	assert.Contains(t, serverErr.Error(), "certificate signed by unknown authority")
}

func TestTLSRefusesPlaintext(t *testing.T) {
	p := newPKI(t)
	res := tlsCall(t, ServerCredentials(p.server, nil), insecure.NewCredentials())
	requireUnavailable(t, res.err, "a TLS server must not talk to a plaintext client")
	// The server reads the client's HTTP/2 preface as a broken TLS hello
	// and hangs up.
	assert.ErrorContains(t, res.serverErr(t), "does not look like a TLS handshake")
}

// TLS 1.0 and 1.1 are refused with a protocol_version alert, on both sides.
// (A side that allows them fails later, finding no cipher suite HTTP/2
// allows: a handshake failure, which is the wrong reason.)
func TestTLSRefusesVersionsBelow12(t *testing.T) {
	p := newPKI(t)
	t.Run("server", func(t *testing.T) {
		serverErr, _ := handshake(t, ServerCredentials(p.server, nil), &tls.Config{
			InsecureSkipVerify: true, // this test checks the server only
			MinVersion:         tls.VersionTLS10,
			MaxVersion:         tls.VersionTLS11,
		})
		require.Error(t, serverErr, "%s\nthe server accepted a TLS 1.1 client", todoTLS)
		assert.Contains(t, serverErr.Error(), "unsupported versions", "the server must refuse TLS 1.1 for its version (MinVersion)")
	})
	t.Run("client", func(t *testing.T) {
		clientErr := clientHandshake(t, ClientCredentials(p.ca.Pool(), "localhost", nil), &tls.Config{
			Certificates: []tls.Certificate{p.server},
			MinVersion:   tls.VersionTLS10,
			MaxVersion:   tls.VersionTLS11,
		})
		require.Error(t, clientErr, "%s\nthe client accepted a TLS 1.1 server", todoTLS)
		assert.Contains(t, clientErr.Error(), "protocol version not supported", "the client must offer TLS 1.2 at least (MinVersion)")
	})
}

// tcpPair is the two ends of one loopback TCP connection, with a deadline,
// closed when the test ends.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer lis.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := lis.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", lis.Addr().String())
	require.NoError(t, err)
	server = <-accepted
	require.NotNil(t, server)
	deadline := time.Now().Add(grpctest.Timeout)
	for _, c := range []net.Conn{client, server} {
		require.NoError(t, c.SetDeadline(deadline))
		t.Cleanup(func() { _ = c.Close() })
	}
	return client, server
}

// handshake runs serverCreds' handshake against a raw crypto/tls client
// with cfg, and returns both sides' errors.
func handshake(t *testing.T, serverCreds credentials.TransportCredentials, cfg *tls.Config) (serverErr, clientErr error) {
	t.Helper()
	client, server := tcpPair(t)
	done := make(chan error, 1)
	go func() {
		conn, _, err := serverCreds.ServerHandshake(server)
		if conn != nil {
			_ = conn.Close()
		}
		_ = server.Close() // a plaintext stub did nothing: the client must not wait
		done <- err
	}()
	clientErr = tls.Client(client, cfg).Handshake()
	_ = client.Close()
	return <-done, clientErr
}

// clientHandshake runs clientCreds' handshake against a raw crypto/tls
// server with cfg, and returns the client's error.
func clientHandshake(t *testing.T, clientCreds credentials.TransportCredentials, cfg *tls.Config) error {
	t.Helper()
	client, server := tcpPair(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = tls.Server(server, cfg).Handshake()
		_ = server.Close()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	conn, _, err := clientCreds.ClientHandshake(ctx, "localhost:443", client)
	if conn != nil {
		_ = conn.Close()
	}
	_ = client.Close() // a plaintext stub did nothing: the server must not wait
	<-done
	return err
}
