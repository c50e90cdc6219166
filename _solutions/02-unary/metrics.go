package unary

import (
	"context"
	"net/http"
	"slices"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/attribute"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
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
		otelgrpc.WithMetricAttributesFn(CallLabels),
	)), nil
}

// ClientHeader is the metadata key a calling application names itself with
// ("web", "mobile", ...). Anyone can send any value.
const ClientHeader = "x-client"

// KnownClients are the applications the operators want to tell apart on a
// dashboard.
var KnownClients = []string{"web", "mobile", "batch"}

// CallLabels returns the labels Observe adds to every call's series, beside
// the method and the code: what the operators may count calls by. Every
// distinct set of label values is a time series of its own, kept and
// indexed by the database for as long as it keeps data.
//
// One label, with four values at most: a label's values must be a small set
// the server chooses, whatever callers send. So the client's name only
// when it is a known one (a caller that sends a new name per call would
// otherwise make a series per call), and nothing that is new with every
// call or caller: not the request id, the product id, the peer's address or
// the user agent. Those belong in logs and traces, which keep one record
// per call anyway.
func CallLabels(ctx context.Context) []attribute.KeyValue {
	client := "other"
	if v := metadata.ValueFromIncomingContext(ctx, ClientHeader); len(v) == 1 && slices.Contains(KnownClients, v[0]) {
		client = v[0]
	}
	return []attribute.KeyValue{attribute.String("client", client)}
}

// MetricsHandler serves what reg holds in Prometheus's text format: mount it
// at /metrics. (Given: the exercise is what fills reg.)
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
