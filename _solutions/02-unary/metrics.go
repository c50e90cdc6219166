package unary

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// Observe returns a server option that measures and traces every RPC the
// server handles, streams and failed calls included. Its metrics go to reg,
// the registry MetricsHandler serves, and its spans to tp. It changes no
// globals: two servers in one process keep their own numbers.
//
// A stats handler, not an interceptor: gRPC calls it for every RPC from the
// moment the headers arrive to the moment the status leaves, so it also
// sees the calls no interceptor runs for (a message too big to decode) and
// the time the interceptors themselves take.
func Observe(reg *prometheus.Registry, tp trace.TracerProvider) (grpc.ServerOption, error) {
	// The exporter is a Prometheus collector: registered on reg, it turns
	// what the meter provider recorded into Prometheus series at each scrape.
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, err
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	// Both providers passed in: without them otelgrpc uses the global ones,
	// which do nothing until someone sets them.
	return grpc.StatsHandler(otelgrpc.NewServerHandler(
		otelgrpc.WithMeterProvider(mp),
		otelgrpc.WithTracerProvider(tp),
	)), nil
}

// MetricsHandler serves what reg holds in Prometheus's text format: mount it
// at /metrics. (Given: the exercise is what fills reg.)
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
