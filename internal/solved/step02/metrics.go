package step02

import (
	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// Observe returns a server option that measures and traces every RPC: a
// stats handler, so streams and the calls no interceptor sees count too.
// Metrics go to reg (serve it with promhttp.HandlerFor), spans to tp. It
// changes no globals.
func Observe(reg *prometheus.Registry, tp trace.TracerProvider) (grpc.ServerOption, error) {
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		return nil, err
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter))
	return grpc.StatsHandler(otelgrpc.NewServerHandler(
		otelgrpc.WithMeterProvider(mp),
		otelgrpc.WithTracerProvider(tp),
	)), nil
}
