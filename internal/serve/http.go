package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/grpcvsrest/workshop/internal/limits"
)

// Limits every HTTP server of the workshop has. Without them a client can
// hold a connection, a goroutine and a buffer for as long as it likes: by
// sending headers or a body one byte a second, or by opening connections
// and never using them.
type Limits struct {
	Header time.Duration // to read the request line and headers
	Body   time.Duration // to read a request body (a client stream's excepted: see bodyDeadline)
	Idle   time.Duration // a keep-alive connection with no request is closed after this
}

// DefaultLimits are generous for a person on a slow network, short for an attacker.
var DefaultLimits = Limits{Header: 10 * time.Second, Body: 30 * time.Second, Idle: 2 * time.Minute}

// MaxHeaderBytes bounds the request line and headers (net/http's default
// is 1 MB), as the gRPC servers bound a request's metadata. Over HTTP/2,
// net/http announces it as SETTINGS_MAX_HEADER_LIST_SIZE.
const MaxHeaderBytes = limits.HeaderBytes

// NewHTTPServer returns an http.Server that speaks HTTP/1.1 and, without
// TLS, HTTP/2 ("h2c": what gRPC uses on a plain connection), with
// DefaultLimits. Clients choose the protocol.
func NewHTTPServer(h http.Handler) *http.Server { return newHTTPServer(h, DefaultLimits) }

func newHTTPServer(h http.Handler, limits Limits) *http.Server {
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           bodyDeadline(h, limits.Body),
		Protocols:         &protocols,
		ReadHeaderTimeout: limits.Header,
		IdleTimeout:       limits.Idle,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
}

// bodyDeadline gives a request d to deliver its body. http.Server's
// ReadTimeout would do it for every request, but it would also cut the
// long-lived streams a request body can be: the body of a call whose client
// streams (UploadProducts, ProductUpdates), in gRPC, gRPC-Web or Connect.
// Those keep no deadline (gRPC has its own keepalive and deadlines). Every
// other body is one message, whatever its protocol: a unary gRPC-Web call
// sent a byte a second is cut like any slow POST.
func bodyDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != http.NoBody && !clientStreams(r.URL.Path) {
			_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(d))
		}
		h.ServeHTTP(w, r)
	})
}

// clientStreams reports whether path, "/package.Service/Method", names an
// RPC whose client sends a stream. The descriptors are those the program
// links: the services it can serve.
func clientStreams(path string) bool {
	service, method, ok := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if !ok || strings.Contains(method, "/") {
		return false
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(service + "." + method))
	if err != nil {
		return false
	}
	md, ok := d.(protoreflect.MethodDescriptor)
	return ok && md.IsStreamingClient()
}

// HTTP serves h on addr until ctx is done, then shuts down gracefully. It
// prints "listening on HOST:PORT" once the port is open, then each hint
// (a format with one %s: the address).
func HTTP(ctx context.Context, addr string, h http.Handler, stdout io.Writer, hints ...string) error {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening on %s\n", lis.Addr())
	for _, hint := range hints {
		fmt.Fprintf(stdout, hint+"\n", lis.Addr())
	}
	srv := NewHTTPServer(h)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(lis) }()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}
