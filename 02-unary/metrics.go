package unary

import (
	"context"
	"errors"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
)

// A stretch exercise: metrics and traces for every call, with OpenTelemetry.
// The server gets one option from Observe; Prometheus reads the numbers at
// /metrics (MetricsHandler, given); the spans go to the TracerProvider you
// pass. cmd/server serves /metrics when you start it with -metrics-addr.

// Observe returns a server option that measures and traces every RPC the
// server handles, streams and failed calls included. Its metrics go to reg,
// the registry MetricsHandler serves, and its spans to tp. It changes no
// globals: two servers in one process keep their own numbers.
//
// TODO(02): write it. See 02-unary/README.md#stretch-metrics-and-tracing
func Observe(reg *prometheus.Registry, tp trace.TracerProvider) (grpc.ServerOption, error) {
	return nil, errors.New("TODO(02): write Observe and CallLabels in 02-unary/metrics.go -- see 02-unary/README.md#stretch-metrics-and-tracing")
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
// TODO(02): write it. See 02-unary/README.md#stretch-metrics-and-tracing
func CallLabels(ctx context.Context) []attribute.KeyValue {
	return nil
}

// MetricsHandler serves what reg holds in Prometheus's text format: mount it
// at /metrics. (Given: the exercise is what fills reg.)
func MetricsHandler(reg *prometheus.Registry) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}
