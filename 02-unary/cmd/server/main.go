// Command server runs step 02's gRPC server with the sample catalogue.
//
//	go run ./02-unary/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./02-unary/cmd/server -addr 127.0.0.1:0   # any free port
//	go run ./02-unary/cmd/server -metrics-addr 127.0.0.1:9090   # and /metrics (metrics.go, a stretch)
//	go run ./02-unary/cmd/server -tls            # TLS with your ServerCredentials (tls.go, a stretch); -mtls for mTLS
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

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"
	"google.golang.org/grpc"

	unary "github.com/grpcvsrest/workshop/02-unary"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/certs"
	"github.com/grpcvsrest/workshop/internal/scrape"
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
	metricsAddr := flags.String("metrics-addr", "", `serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9090 ("" is off)`)
	useTLS := flags.Bool("tls", false, "serve TLS, with a CA and certificates made at start-up (tls.go, a stretch)")
	caOut := flags.String("tls-ca-out", certs.DefaultCAFile(), "with -tls: where to write the CA's certificate, for clients to trust")
	mtls := flags.Bool("mtls", false, "require a client certificate too (mutual TLS); implies -tls")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *token == "" {
		// An empty token would match an empty "Bearer ": no server starts
		// that open, so the interceptor never has to judge it.
		return errors.New("-token must not be empty: it is the secret every client sends")
	}

	// Metrics and traces (metrics.go, a stretch): one more server option,
	// and a port of their own for Prometheus to scrape. The spans go to the
	// global TracerProvider, which drops them until a program sets one
	// (an OTLP exporter to Jaeger or Tempo, say).
	reg := prometheus.NewRegistry()
	var observe []grpc.ServerOption
	if *metricsAddr != "" {
		opt, err := unary.Observe(reg, otel.GetTracerProvider())
		if err != nil {
			return err
		}
		observe = append(observe, opt)
	}

	// TLS (tls.go, a stretch): a CA and certificates made now, for this run
	// only, served with your ServerCredentials. The CA's certificate goes to
	// a file for clients; with -mtls a client's key goes to a temporary
	// directory, outside the repository, removed at stop.
	var secure []grpc.ServerOption
	var tlsHints []string
	if *useTLS || *mtls {
		demo, err := certs.NewDemo(*caOut, *mtls)
		if err != nil {
			return err
		}
		defer demo.Close()
		secure = append(secure, grpc.Creds(unary.ServerCredentials(demo.Server, demo.ClientCAs)))
		tlsHints = demo.Hints
	}

	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	srv, hs := unary.NewServer(catalog.Seeded(), unary.Config{Token: *token, Logger: log, NoReflection: !*reflect}, append(observe, secure...)...)
	fmt.Fprintf(stdout, "listening on %s\n", lis.Addr())
	for _, hint := range tlsHints {
		fmt.Fprintf(stdout, hint+"\n", lis.Addr())
	}
	if *metricsAddr != "" {
		url, stopMetrics, err := scrape.Serve(*metricsAddr, unary.MetricsHandler(reg))
		if err != nil {
			lis.Close()
			return err
		}
		defer stopMetrics()
		fmt.Fprintf(stdout, scrape.Hint(url)+"\n", lis.Addr())
	}

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
