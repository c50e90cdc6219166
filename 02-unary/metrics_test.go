package unary

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	"google.golang.org/grpc/codes"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for the stretch exercise in metrics.go. Each starts a server
// with Observe's option, makes calls, and reads the numbers the way
// Prometheus does: an HTTP GET of /metrics, parsed from the text format.

const (
	todoMetrics = "TODO(02): write Observe and CallLabels in 02-unary/metrics.go -- see 02-unary/README.md#stretch-metrics-and-tracing"
	// What otelgrpc v0.72 records: rpc.server.call.duration, in seconds,
	// which the Prometheus exporter names with its unit.
	callDuration = "rpc_server_call_duration_seconds"
	getProduct   = "ecommerce.v1.ProductService/GetProduct"
	listProducts = "ecommerce.v1.ProductService/ListProducts"
	reflectInfo  = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
)

// observed is a server with Observe's option, and its /metrics.
type observed struct {
	*testServer
	metrics string // the URL of /metrics
}

func startObserved(t *testing.T, tp trace.TracerProvider) *observed {
	t.Helper()
	reg := prometheus.NewRegistry()
	opt, err := Observe(reg, tp)
	require.NoError(t, err, todoMetrics)
	require.NotNil(t, opt, "Observe returned no option")
	web := httptest.NewServer(MetricsHandler(reg))
	t.Cleanup(web.Close)
	return &observed{testServer: startServer(t, opt), metrics: web.URL + "/metrics"}
}

// call is one series of the histogram: a method and the code it ended with.
type call struct{ method, code string }

// scrape GETs /metrics and parses it, as Prometheus does.
func scrape(t assert.TestingT, url string) map[string]*dto.MetricFamily {
	resp, err := http.Get(url)
	if !assert.NoError(t, err) {
		return nil
	}
	defer resp.Body.Close()
	if !assert.Equal(t, http.StatusOK, resp.StatusCode) {
		return nil
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	assert.NoError(t, err)
	return fams
}

// counts is how many calls the histogram holds, per method and code.
func counts(fams map[string]*dto.MetricFamily) map[call]uint64 {
	n := map[call]uint64{}
	for _, m := range fams[callDuration].GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		n[call{labels["rpc_method"], labels["rpc_response_status_code"]}] += m.GetHistogram().GetSampleCount()
	}
	return n
}

func describe(n map[call]uint64) string {
	if len(n) == 0 {
		return "  (no " + callDuration + " series at all)"
	}
	var lines []string
	for c, count := range n {
		lines = append(lines, fmt.Sprintf("  %s %s: %d", c.method, c.code, count))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// requireCounts scrapes until /metrics counts exactly want. A server
// records a call just after the client has its answer, so the first scrape
// may come a moment too early; the wait is bounded.
func requireCounts(t *testing.T, url string, want map[call]uint64) map[string]*dto.MetricFamily {
	t.Helper()
	var fams map[string]*dto.MetricFamily
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		fams = scrape(c, url)
		got := counts(fams)
		for k, n := range want {
			assert.Equal(c, n, got[k], "calls of %s ending %s on /metrics; it has:\n%s", k.method, k.code, describe(got))
		}
	}, 5*time.Second, 10*time.Millisecond)
	return fams
}

// Every unary call is counted, with its method and its code, in a latency
// histogram.
func TestObserveCountsCalls(t *testing.T) {
	s := startObserved(t, noop.NewTracerProvider())
	ctx := authCtx(t)
	for _, id := range []string{"prod-001", "prod-002"} {
		_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: id})
		require.NoError(t, err)
	}
	_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-999"})
	requireCode(t, codes.NotFound, err, "")
	_, err = s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "not an id"})
	requireCode(t, codes.InvalidArgument, err, "")

	fams := requireCounts(t, s.metrics, map[call]uint64{
		{getProduct, "OK"}:               2,
		{getProduct, "NOT_FOUND"}:        1,
		{getProduct, "INVALID_ARGUMENT"}: 1,
	})

	fam := fams[callDuration]
	assert.Equal(t, dto.MetricType_HISTOGRAM, fam.GetType(), "latency is a histogram: buckets, a sum and a count")
	for _, m := range fam.GetMetric() {
		h := m.GetHistogram()
		buckets := h.GetBucket()
		require.Greater(t, len(buckets), 5, "a histogram with buckets")
		for i := 1; i < len(buckets); i++ {
			assert.Less(t, buckets[i-1].GetUpperBound(), buckets[i].GetUpperBound(), "bounds grow")
			assert.LessOrEqual(t, buckets[i-1].GetCumulativeCount(), buckets[i].GetCumulativeCount(), "buckets are cumulative")
		}
		// Zero is possible: a call takes about 10 µs, and on Windows the
		// clock may tick coarser than that.
		assert.GreaterOrEqual(t, h.GetSampleSum(), 0.0, "the calls took some time")
		assert.Less(t, h.GetSampleSum(), 10.0, "seconds, not milliseconds")
		for _, l := range m.GetLabel() {
			if l.GetName() == "rpc_system_name" {
				assert.Equal(t, "grpc", l.GetValue())
			}
		}
	}
}

// Streams are counted too: a unary interceptor never sees them.
func TestObserveCountsStreams(t *testing.T) {
	s := startObserved(t, noop.NewTracerProvider())
	ctx := authCtx(t)

	// Step 02 serves no stream of its own: ListProducts ends Unimplemented.
	stream, err := s.client.ListProducts(ctx, &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, err = stream.Recv()
	requireCode(t, codes.Unimplemented, err, "")

	// Reflection is a real stream: one question, one answer, then the end.
	refl, err := reflectionpb.NewServerReflectionClient(s.conn).ServerReflectionInfo(ctx)
	require.NoError(t, err)
	require.NoError(t, refl.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{},
	}))
	_, err = refl.Recv()
	require.NoError(t, err)
	require.NoError(t, refl.CloseSend())
	_, err = refl.Recv()
	require.ErrorIs(t, err, io.EOF, "the stream ends OK")

	requireCounts(t, s.metrics, map[call]uint64{
		{listProducts, "UNIMPLEMENTED"}: 1,
		{reflectInfo, "OK"}:             1,
	})
}

// A call the auth interceptor refuses is counted with its code: the
// numbers come from outside every interceptor.
func TestObserveCountsRefusedCalls(t *testing.T) {
	s := startObserved(t, noop.NewTracerProvider())
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"}) // no token
	requireCode(t, codes.Unauthenticated, err, "")

	requireCounts(t, s.metrics, map[call]uint64{{getProduct, "UNAUTHENTICATED"}: 1})
}

// A request too big to read fails before any interceptor runs (gRPC reads
// the message first, then calls the chain). It is still counted.
func TestObserveCountsCallsNoInterceptorSees(t *testing.T) {
	s := startObserved(t, noop.NewTracerProvider())
	huge := strings.Repeat("x", 5<<20) // over the server's 4 MB limit
	_, err := s.client.GetProduct(authCtx(t), &pb.GetProductRequest{ProductId: huge})
	requireCode(t, codes.ResourceExhausted, err, "")

	requireCounts(t, s.metrics, map[call]uint64{{getProduct, "RESOURCE_EXHAUSTED"}: 1})
	assert.NotContains(t, s.logs.String(), "RESOURCE_EXHAUSTED", "the logging interceptor saw the call after all")
	assert.NotContains(t, s.logs.String(), "ResourceExhausted", "the logging interceptor saw the call after all")
}

// One server span per call, named after the method, with its code.
func TestObserveTraces(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	s := startObserved(t, tp)
	ctx := authCtx(t)

	_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err)
	_, err = s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-999"})
	requireCode(t, codes.NotFound, err, "")
	stream, err := s.client.ListProducts(ctx, &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, err = stream.Recv()
	requireCode(t, codes.Unimplemented, err, "")

	// A span is ended just after the client has its answer: wait for three.
	require.Eventually(t, func() bool { return len(rec.Ended()) >= 3 }, 5*time.Second, 10*time.Millisecond,
		"%s\nspans ended: %d of 3 (is tp the TracerProvider the handler uses?)", todoMetrics, len(rec.Ended()))
	spans := rec.Ended()
	require.Len(t, spans, 3, "one span per call")

	type seen struct {
		name, code string
		status     otelcodes.Code
	}
	var got []seen
	for _, sp := range spans {
		assert.Equal(t, trace.SpanKindServer, sp.SpanKind(), sp.Name())
		code := ""
		for _, a := range sp.Attributes() {
			if a.Key == attribute.Key("rpc.response.status_code") {
				code = a.Value.AsString()
			}
		}
		got = append(got, seen{sp.Name(), code, sp.Status().Code})
	}
	// The status follows OpenTelemetry's rule for servers: a caller's
	// mistake (NotFound) is not the server's error; Unimplemented is.
	assert.ElementsMatch(t, []seen{
		{getProduct, "OK", otelcodes.Unset},
		{getProduct, "NOT_FOUND", otelcodes.Unset},
		{listProducts, "UNIMPLEMENTED", otelcodes.Error},
	}, got)
}

// Observe writes to the registry it is given and to nothing else: two
// servers in one process keep their own numbers, and the process's global
// providers stay as they were.
func TestObserveKeepsToItsRegistry(t *testing.T) {
	meters, tracers := otel.GetMeterProvider(), otel.GetTracerProvider()
	a := startObserved(t, noop.NewTracerProvider())
	b := startObserved(t, noop.NewTracerProvider())
	assert.True(t, meters == otel.GetMeterProvider(), "Observe set the global MeterProvider")
	assert.True(t, tracers == otel.GetTracerProvider(), "Observe set the global TracerProvider")

	_, err := a.client.GetProduct(authCtx(t), &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err)
	requireCounts(t, a.metrics, map[call]uint64{{getProduct, "OK"}: 1})
	assert.Empty(t, counts(scrape(t, b.metrics)), "server b's /metrics counts a call made to server a")
}
