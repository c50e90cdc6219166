package rest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
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

// Every label's value is chosen by the server, never by the client: requests
// with 300 made-up Host headers (and ports, and methods) make no new series.
func TestMetricsLabelsAreTheServers(t *testing.T) {
	reg := prometheus.NewRegistry()
	h, err := Observe(NewServer(catalog.Seeded(), Config{Token: testToken}), reg, noop.NewTracerProvider())
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// scrape returns how many http_ series /metrics holds, how many
	// requests their durations counted, and the names of their labels.
	labels := map[string]bool{}
	scrape := func() (series int, requests uint64) {
		rec := httptest.NewRecorder()
		MetricsHandler(reg).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		parser := expfmt.NewTextParser(model.UTF8Validation)
		fams, _ := parser.TextToMetricFamilies(rec.Body)
		for name, fam := range fams {
			if !strings.HasPrefix(name, "http_") {
				continue
			}
			series += len(fam.GetMetric())
			for _, m := range fam.GetMetric() {
				if name == requestDuration {
					requests += m.GetHistogram().GetSampleCount()
				}
				for _, l := range m.GetLabel() {
					labels[l.GetName()] = true
				}
			}
		}
		return series, requests
	}
	// otelhttp records when the handler returns, a moment after the answer:
	// wait until it counted every request sent.
	sent := uint64(0)
	settle := func() int {
		var series int
		require.Eventually(t, func() bool {
			var counted uint64
			series, counted = scrape()
			return counted == sent
		}, 5*time.Second, 10*time.Millisecond, "otelhttp did not count all %d requests", sent)
		return series
	}
	send := func(method, host string) {
		req, err := http.NewRequest(method, srv.URL+"/products/prod-001", nil)
		require.NoError(t, err)
		req.Host = host
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("User-Agent", "agent-"+host)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		sent++
	}
	send(http.MethodGet, "shop.example")
	send("FOO", "shop.example") // 405, as method "_OTHER"
	before := settle()

	for i := range 300 {
		send(http.MethodGet, fmt.Sprintf("host-%d.example:%d", i, 1000+i))
		send(fmt.Sprintf("M%d", i), fmt.Sprintf("other-%d.example", i))
	}
	assert.Equal(t, before, settle(), "300 made-up hosts and methods made new series")
	for _, chosen := range []string{"server_address", "server_port", "client_address", "user_agent_original"} {
		assert.False(t, labels[chosen], "a label whose value the client chooses: %s", chosen)
	}
}
