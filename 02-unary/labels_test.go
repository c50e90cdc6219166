package unary

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace/noop"
	"google.golang.org/grpc/metadata"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The labels a series may have: otelgrpc's own, the exporter's scope, and
// CallLabels' one.
var allowedLabels = []string{"rpc_method", "rpc_response_status_code", "rpc_system_name", "error_type",
	"otel_scope_name", "otel_scope_version", "otel_scope_schema_url", "client"}

// Callers send whatever they like: a new request id, product and client
// name with every call. The series on /metrics must stay as few as the
// server decides, whatever arrives, and still tell the known clients apart.
func TestObserveLabelsStayBounded(t *testing.T) {
	s := startObserved(t, noop.NewTracerProvider())
	names := []string{"web", "mobile", "batch", "", "made-up"}
	const calls = 60
	for i := range calls {
		pairs := []string{"x-request-id", fmt.Sprintf("req-%04d", i), "user-agent", fmt.Sprintf("bot/%d", i)}
		switch name := names[i%len(names)]; name {
		case "made-up":
			pairs = append(pairs, ClientHeader, fmt.Sprintf("made-up-%d", i)) // a new name per call
		case "":
		default:
			pairs = append(pairs, ClientHeader, name)
		}
		ctx := metadata.AppendToOutgoingContext(authCtx(t), pairs...)
		_, _ = s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: fmt.Sprintf("prod-%03d", i%48+1)}) // some NotFound
	}

	var series []map[string]string
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		series = nil
		total := uint64(0)
		for _, m := range scrape(c, s.metrics)[callDuration].GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			series = append(series, labels)
			total += m.GetHistogram().GetSampleCount()
		}
		assert.Equal(c, uint64(calls), total, "%s\nevery call counted", todoMetrics)
	}, 5*time.Second, 10*time.Millisecond)

	clients := map[string]bool{}
	for _, labels := range series {
		for name, value := range labels {
			assert.True(t, slices.Contains(allowedLabels, name), "a series labelled %s=%q: a label whose values come from the request (an id, a name, an address) makes a series per value. Keep it in logs and traces", name, value)
		}
		clients[labels["client"]] = true
	}
	for client := range clients {
		assert.True(t, client == "other" || slices.Contains(KnownClients, client),
			"%s\na series with client=%q: x-client is whatever the caller sends; only the KnownClients are worth a series, any other name (or none) is \"other\"", todoMetrics, client)
	}
	for _, want := range append(slices.Clone(KnownClients), "other") {
		assert.True(t, clients[want], "%s\nno series with client=%q: CallLabels labels each call with its client, the known ones by name, the rest \"other\"", todoMetrics, want)
	}
	// Two codes (OK, NOT_FOUND) times four clients: the most there can be.
	assert.LessOrEqual(t, len(series), 8, "%d series for %d calls of one method:\n%s", len(series), calls, seriesList(series))
}

func seriesList(series []map[string]string) string {
	var lines []string
	for _, s := range series {
		lines = append(lines, fmt.Sprint(s))
	}
	slices.Sort(lines)
	if len(lines) > 10 {
		lines = append(lines[:10], "...")
	}
	return strings.Join(lines, "\n")
}
