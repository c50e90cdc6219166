// Command server runs step 02's gRPC server with the sample catalogue.
//
//	go run ./02-unary/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./02-unary/cmd/server -addr 127.0.0.1:0   # any free port
//
// This is a whole gRPC server's life, the way grpc-go's route_guide shows it:
// listen, build (server.go), serve, and on Ctrl-C a graceful stop. Later
// steps run the same code from internal/serve.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"google.golang.org/grpc"

	unary "github.com/grpcvsrest/workshop/02-unary"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// shutdownTimeout bounds a graceful stop: running calls get this long to
// finish, then the rest are cut. Without a bound, one stuck stream would
// keep the process alive forever.
const shutdownTimeout = 10 * time.Second

func main() {
	// SIGINT (Ctrl-C) and SIGTERM (what Kubernetes sends) end ctx.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run is main without the process, so a test can start and stop it.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:50051", "address to listen on (127.0.0.1:0 picks a free port)")
	token := flags.String("token", "workshop-token", "bearer token clients must send")
	reflect := flags.Bool("reflection", true, "serve gRPC reflection (grpcurl list); turn off where the API's shape is not for strangers")
	if err := flags.Parse(args); err != nil {
		return err
	}

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	srv, hs := unary.NewServer(catalog.Seeded(), unary.Config{Token: *token, Logger: log, NoReflection: !*reflect})
	fmt.Fprintf(stdout, "listening on %s\n", lis.Addr())

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(lis) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}

	// Tell health checkers first, so a load balancer stops sending new calls;
	// then let running calls finish, for shutdownTimeout at most.
	hs.Shutdown()
	stopped := make(chan struct{})
	go func() { srv.GracefulStop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(shutdownTimeout):
		srv.Stop()
		<-stopped
	}
	if err := <-serveErr; err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		return err
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}
