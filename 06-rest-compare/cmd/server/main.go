// Command server runs step 06's REST API with the sample catalogue, on
// HTTP/1.1 and unencrypted HTTP/2 at once.
//
//	go run ./06-rest-compare/cmd/server                    # 127.0.0.1:8080
//	curl -H 'Authorization: Bearer workshop-token' localhost:8080/products/prod-001
//	go run ./06-rest-compare/cmd/server -metrics-addr 127.0.0.1:9091   # and /metrics
package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel"

	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/scrape"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Process(run) }

func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	token := flags.String("token", "workshop-token", "bearer token clients must send")
	metricsAddr := flags.String("metrics-addr", "", `serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9091 ("" is off)`)
	if err := flags.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	h := rest.NewServer(catalog.Seeded(), rest.Config{Token: *token, Logger: log})
	if *metricsAddr == "" {
		return serve.HTTP(ctx, *addr, h, stdout)
	}

	// Metrics and traces (metrics.go), as step 02's server has them: a
	// handler around the API, and a port of their own for Prometheus.
	reg := prometheus.NewRegistry()
	h, err := rest.Observe(h, reg, otel.GetTracerProvider())
	if err != nil {
		return err
	}
	url, stopMetrics, err := scrape.Serve(*metricsAddr, rest.MetricsHandler(reg))
	if err != nil {
		return err
	}
	defer stopMetrics()
	return serve.HTTP(ctx, *addr, h, stdout, scrape.Hint(url))
}
