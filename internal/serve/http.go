package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// NewHTTPServer returns an http.Server that speaks HTTP/1.1 and, without
// TLS, HTTP/2 ("h2c": what gRPC uses on a plain connection). Clients choose.
func NewHTTPServer(h http.Handler) *http.Server {
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	return &http.Server{
		Handler:           h,
		Protocols:         &protocols,
		ReadHeaderTimeout: 10 * time.Second, // a client must not hold a connection open by sending headers slowly
	}
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
