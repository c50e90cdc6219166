// Package serve runs a stage's gRPC server until its context ends, then
// shuts it down gracefully. Every stage's cmd/server uses it.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
)

// ShutdownTimeout bounds a graceful stop: in-flight calls get this long to
// finish, then the server closes what is left. Without a bound, one stuck
// stream would keep the process alive forever.
const ShutdownTimeout = 10 * time.Second

// GRPC serves srv on addr until ctx is done (SIGINT/SIGTERM in main). It
// prints "listening on HOST:PORT" to stdout once the port is open, then
// each hint (a format with one %s: the address).
func GRPC(ctx context.Context, addr string, srv *grpc.Server, hs *health.Server, stdout io.Writer, hints ...string) error {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening on %s\n", lis.Addr())
	for _, hint := range hints {
		fmt.Fprintf(stdout, hint+"\n", lis.Addr())
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(lis) }()

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}

	// Tell health checkers first, so a load balancer stops sending new calls.
	if hs != nil {
		hs.Shutdown()
	}
	stopped := make(chan struct{})
	go func() {
		srv.GracefulStop() // waits for running calls to finish
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(ShutdownTimeout):
		srv.Stop() // cut the rest
		<-stopped
	}
	if err := <-serveErr; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}
