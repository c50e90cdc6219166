package serve

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// NewServerFunc is a step's NewServer.
type NewServerFunc func(*catalog.Store, stage.Config, ...grpc.ServerOption) (*grpc.Server, *health.Server)

// Main is a gRPC stage's whole main function: flags, the sample catalogue,
// serve until SIGINT or SIGTERM, stop gracefully.
func Main(newServer NewServerFunc) {
	Process(func(ctx context.Context, args []string, stdout io.Writer) error {
		return Run(ctx, args, stdout, newServer)
	})
}

// Process runs run as the process: the context ends on SIGINT or SIGTERM,
// and an error is printed and exits 1.
func Process(run func(ctx context.Context, args []string, stdout io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Run is Main without the process: tests call it with their own context
// and read the address from the "listening on" line.
func Run(ctx context.Context, args []string, stdout io.Writer, newServer NewServerFunc) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:50051", "address to listen on (127.0.0.1:0 picks a free port)")
	token := flags.String("token", "workshop-token", "bearer token clients must send")
	reflect := flags.Bool("reflection", true, "serve gRPC reflection (grpcurl list); turn off where the API's shape is not for strangers")
	tlsFlags := addTLSFlags(flags)         // tls.go
	metricsFlags := addMetricsFlags(flags) // metrics.go
	if err := flags.Parse(args); err != nil {
		return err
	}
	tlsOpts, hints, stopTLS, err := tlsFlags.setup()
	if err != nil {
		return err
	}
	defer stopTLS()
	metricsOpts, metricsHints, stopMetrics, err := metricsFlags.setup()
	if err != nil {
		return err
	}
	defer stopMetrics()
	log := slog.New(slog.NewTextHandler(stdout, nil))
	srv, hs := newServer(catalog.Seeded(), stage.Config{Token: *token, Logger: log, NoReflection: !*reflect}, append(tlsOpts, metricsOpts...)...)
	return GRPC(ctx, *addr, srv, hs, stdout, append(hints, metricsHints...)...)
}
