package rest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

// What otelhttp v0.72 records per request: http.server.request.duration,
// in seconds (and the body sizes, in bytes).
const requestDuration = "http_server_request_duration_seconds"

// Observe counts each request by method, route and status, in a latency
// histogram that /metrics serves; and traces each with a server span named
// after its route.
func TestObserveCountsRequests(t *testing.T) {
	reg := prometheus.NewRegistry()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	h, err := Observe(NewServer(catalog.Seeded(), Config{Token: testToken}), reg, tp)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	web := httptest.NewServer(MetricsHandler(reg))
	t.Cleanup(web.Close)

	requireStatus(t, http.StatusOK, call(t, srv, http.MethodGet, "/products/prod-001", ""))
	requireStatus(t, http.StatusOK, call(t, srv, http.MethodGet, "/products/prod-002", ""))
	requireStatus(t, http.StatusNotFound, call(t, srv, http.MethodGet, "/products/prod-999", ""))
	requireStatus(t, http.StatusUnauthorized, call(t, srv, http.MethodGet, "/products/prod-001", "", "Authorization", ""))
	requireStatus(t, http.StatusNotFound, call(t, srv, http.MethodGet, "/no/such/route", ""))

	// otelhttp records when the handler returns, which is a moment after
	// the client may have its answer: scrape until all five are counted.
	type series struct{ method, route, status string }
	want := map[series]uint64{
		{"GET", "/products/{id}", "200"}: 2,
		{"GET", "/products/{id}", "404"}: 1,
		{"GET", "/products/{id}", "401"}: 1,
		{"GET", "", "404"}:               1, // no route: no label (not one series per unknown path)
	}
	require.EventuallyWithT(t, func(c *assert.CollectT) {
		resp, err := http.Get(web.URL + "/metrics")
		require.NoError(c, err)
		defer resp.Body.Close()
		require.Equal(c, http.StatusOK, resp.StatusCode)
		parser := expfmt.NewTextParser(model.UTF8Validation)
		fams, err := parser.TextToMetricFamilies(resp.Body)
		require.NoError(c, err)
		fam := fams[requestDuration]
		require.NotNil(c, fam, "no %s on /metrics", requestDuration)
		assert.Equal(c, dto.MetricType_HISTOGRAM, fam.GetType())
		got := map[series]uint64{}
		for _, m := range fam.GetMetric() {
			l := map[string]string{}
			for _, p := range m.GetLabel() {
				l[p.GetName()] = p.GetValue()
			}
			got[series{l["http_request_method"], l["http_route"], l["http_response_status_code"]}] += m.GetHistogram().GetSampleCount()
			assert.Greater(c, len(m.GetHistogram().GetBucket()), 5, "a histogram with buckets")
		}
		assert.Equal(c, want, got, "counted by route, never by path")
	}, 5*time.Second, 10*time.Millisecond)

	require.Eventually(t, func() bool { return len(rec.Ended()) >= 5 }, 5*time.Second, 10*time.Millisecond, "spans ended: %d of 5", len(rec.Ended()))
	var names []string
	for _, sp := range rec.Ended() {
		assert.Equal(t, trace.SpanKindServer, sp.SpanKind())
		names = append(names, sp.Name())
	}
	assert.ElementsMatch(t, []string{"GET /products/{id}", "GET /products/{id}", "GET /products/{id}", "GET /products/{id}", "GET"}, names)
}

// Observe leaves the API as it was: the same answers, bodies included.
func TestObserveChangesNoAnswer(t *testing.T) {
	store := catalog.Seeded()
	h, err := Observe(NewServer(store, Config{Token: testToken}), prometheus.NewRegistry(), noop.NewTracerProvider())
	require.NoError(t, err)
	observed := httptest.NewServer(h)
	t.Cleanup(observed.Close)
	plain := httptest.NewServer(NewServer(store, Config{Token: testToken}))
	t.Cleanup(plain.Close)
	for _, path := range []string{"/products/prod-001", "/products/prod-999", "/products?limit=2", "/healthz", "/nope"} {
		want, got := call(t, plain, http.MethodGet, path, ""), call(t, observed, http.MethodGet, path, "")
		assert.Equal(t, want.status, got.status, path)
		assert.Equal(t, want.body, got.body, path)
	}
}
