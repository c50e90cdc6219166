// Command server runs step 02's gRPC server with the sample catalogue.
//
//	go run ./02-unary/cmd/server            # listens on 127.0.0.1:50051
//	go run ./02-unary/cmd/server -addr :0   # any free port
//
// Ctrl-C stops it gracefully: health turns NOT_SERVING, running calls finish.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	unary "github.com/grpcvsrest/workshop/02-unary"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
	"github.com/grpcvsrest/workshop/internal/stage"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run is main without the process: a test calls it with its own context.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:50051", "address to listen on")
	token := flags.String("token", "workshop-token", "bearer token clients must send")
	if err := flags.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	srv, hs := unary.NewServer(catalog.Seeded(), stage.Config{Token: *token, Logger: log})
	return serve.GRPC(ctx, *addr, srv, hs, stdout)
}
