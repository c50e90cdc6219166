package serve

import (
	"flag"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel"
	"google.golang.org/grpc"

	"github.com/grpcvsrest/workshop/internal/scrape"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
)

// metricsFlags is -metrics-addr: the stage servers' metrics and traces,
// with step 02's Observe, solved.
type metricsFlags struct {
	addr *string
}

func addMetricsFlags(flags *flag.FlagSet) *metricsFlags {
	return &metricsFlags{
		addr: flags.String("metrics-addr", "", `serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9090 ("" is off)`),
	}
}

// setup opens the metrics port when the flag asks for it, and returns the
// server option that fills it, the hint to print after "listening on", and
// what to call at stop. Spans go to the global TracerProvider, which drops
// them until a program sets one. Without the flag, all are empty.
func (f *metricsFlags) setup() (opts []grpc.ServerOption, hints []string, stop func(), err error) {
	if *f.addr == "" {
		return nil, nil, func() {}, nil
	}
	reg := prometheus.NewRegistry()
	observe, err := step02.Observe(reg, otel.GetTracerProvider())
	if err != nil {
		return nil, nil, nil, err
	}
	url, stop, err := scrape.Serve(*f.addr, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	if err != nil {
		return nil, nil, nil, err
	}
	return []grpc.ServerOption{observe}, []string{scrape.Hint(url)}, stop, nil
}
