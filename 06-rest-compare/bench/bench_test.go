package bench

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPercentileAndSpread(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	assert.Equal(t, 50*time.Millisecond, Percentile(ds, 50))
	assert.Equal(t, 99*time.Millisecond, Percentile(ds, 99))
	assert.Equal(t, 100*time.Millisecond, Percentile(ds, 100))
	assert.Equal(t, time.Duration(0), Percentile(nil, 50))
	assert.Equal(t, 100*time.Millisecond, ds[0], "Percentile does not sort its input")

	assert.Equal(t, Spread{1, 2, 3}, SpreadOf([]float64{3, 1, 2}))
	assert.Equal(t, Spread{1, 2.5, 4}, SpreadOf([]float64{4, 1, 3, 2}))
}

func TestClosedLoopStopsOnErrorAndAtTheWindow(t *testing.T) {
	var calls atomic.Int64
	ops, took, err := ClosedLoop(context.Background(), func(context.Context) error { calls.Add(1); return nil }, 4, 20*time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, calls.Load(), ops)
	assert.GreaterOrEqual(t, took, 20*time.Millisecond)

	boom := errors.New("boom")
	_, _, err = ClosedLoop(context.Background(), func(context.Context) error { return boom }, 4, time.Minute)
	assert.ErrorIs(t, err, boom, "the first error ends the run at once")
}

func TestOpenLoopKeepsItsSchedule(t *testing.T) {
	lat, err := OpenLoop(context.Background(), func(context.Context) error { return nil }, 1000, 50*time.Millisecond)
	require.NoError(t, err)
	assert.Len(t, lat, 50, "rate x window operations")
}

// Connection reuse is measured: one gRPC ClientConn uses one connection for
// ten concurrent callers; HTTP/1.1 needs about one per concurrent request.
func TestConnectionsAreCounted(t *testing.T) {
	g, r := startBoth(t)

	gc, err := newGRPCClient(g.addr)
	require.NoError(t, err)
	defer gc.conn.Close()
	rc := newRESTClient(r.addr, false, workers)
	defer rc.http.CloseIdleConnections()

	ops, _, err := ClosedLoop(context.Background(), gc.getProduct, workers, 100*time.Millisecond)
	require.NoError(t, err)
	assert.Positive(t, ops)
	assert.EqualValues(t, 1, g.lis.accepted.Load(), "gRPC multiplexes every call on one connection")
	assert.Positive(t, g.lis.bytes.Load())

	// HTTP/1.1 needs a connection per request in flight. The first burst may
	// dial a few extra (Go's Transport races a dial against a connection
	// coming free); once warm, keep-alive reuses them and opens none.
	_, _, err = ClosedLoop(context.Background(), rc.getProduct, workers, 100*time.Millisecond)
	require.NoError(t, err)
	warm := r.lis.accepted.Load()
	assert.GreaterOrEqual(t, warm, int64(2), "10 concurrent HTTP/1.1 requests cannot share one connection")
	_, _, err = ClosedLoop(context.Background(), rc.getProduct, workers, 100*time.Millisecond)
	require.NoError(t, err)
	assert.Equal(t, warm, r.lis.accepted.Load(), "keep-alive: no new connection once warm")
}

// startBoth starts a gRPC and a REST server (no gzip) on one catalogue of
// 50 products; both stop when the test ends.
func startBoth(t *testing.T) (g, r *server) {
	t.Helper()
	store := catalog.New()
	_, err := store.CreateAll(catalog.Generate("load", 50))
	require.NoError(t, err)
	g, err = startGRPC(store)
	require.NoError(t, err)
	t.Cleanup(g.stop)
	r, err = startREST(store, false)
	require.NoError(t, err)
	t.Cleanup(r.stop)
	return g, r
}

func TestSizes(t *testing.T) {
	rows, measured, err := Sizes()
	require.NoError(t, err)
	assert.Equal(t, unaryID, measured.GetId())
	require.Len(t, rows, 2)
	for _, r := range rows {
		assert.Less(t, r.Proto, r.JSON, r.What)
		assert.Less(t, r.GzipJSON, r.JSON, r.What)
	}
	one := catalog.Generate("load", listSize)[41]
	b, _ := protojson.Marshal(one)
	// One product as stored: with its created_at, a Timestamp of 8 to 17
	// bytes (tag and length, then seconds and nanos as varints).
	extra := rows[0].Proto - proto.Size(one)
	assert.True(t, extra >= 8 && extra <= 17, "created_at adds %d bytes", extra)
	assert.Greater(t, rows[0].JSON, len(b))
}

func fakeResults() *Results {
	r := &Results{Env: ReadEnv(), Rounds: 2, Window: time.Second, Rate: 100,
		Sizes:   []SizeRow{{"one product", 100, 90, 180, 120}},
		Conns:   map[string]int64{"gRPC": 1, "REST HTTP/1.1": 10, "REST HTTP/1.1, MaxIdleConnsPerHost 2 (Go's default)": 12},
		NewConn: map[string]int64{"REST HTTP/1.1, MaxIdleConnsPerHost 2 (Go's default)": 900},
		Calls:   map[string]int64{"REST HTTP/1.1, MaxIdleConnsPerHost 2 (Go's default)": 10000},
		Wire:    map[string]float64{"gRPC": 250, "REST HTTP/1.1": 500}}
	for _, title := range []string{Throughput, P50, P99, List10k, Upload10k} {
		r.Metrics = append(r.Metrics, &Metric{Title: title, Unit: "ms", Variants: []string{"gRPC", "REST HTTP/1.1"},
			Samples: map[string][]float64{"gRPC": {1, 2}, "REST HTTP/1.1": {3, 4}}})
	}
	return r
}

func TestReportAndChart(t *testing.T) {
	r := fakeResults()
	var md bytes.Buffer
	Markdown(&md, []*Results{r})
	for _, want := range []string{"## The guide's table, measured", "| Payload size | 1.2 KB / 0.15 KB", "| Latency (p99) |",
		"| Connection reuse |", r.Env.GoVersion, "GOMAXPROCS", "| REST HTTP/1.1 | 3.00 | 3.50 | 4.00 | 2.33x |"} {
		assert.Contains(t, md.String(), want)
	}

	// The charts are drawn from the report: what it reads back is what was
	// measured (min, median and max, to the report's digits).
	back, err := ReadCharted(md.Bytes())
	require.NoError(t, err)
	require.Len(t, back, 1)
	assert.Equal(t, r.Rounds, back[0].Rounds)
	for _, c := range Charted {
		m := back[0].Metric(c.Title)
		require.NotNil(t, m, c.Title)
		assert.Equal(t, []string{"gRPC", "REST HTTP/1.1"}, m.Variants)
		assert.Equal(t, []float64{3, 3.5, 4}, m.Samples["REST HTTP/1.1"], c.Title)
		assert.Equal(t, "2.33x", m.Ratios["REST HTTP/1.1"], "the ratio as the report printed it, for the chart")
	}
	files, err := Charts("dir", md.Bytes())
	require.NoError(t, err)
	require.Len(t, files, len(Charted))
	for path, svg := range files {
		var doc struct {
			XMLName xml.Name
			Rects   []struct{} `xml:"rect"`
		}
		require.NoError(t, xml.Unmarshal(svg, &doc), "%s is well-formed XML", path)
		assert.Equal(t, "svg", doc.XMLName.Local)
		assert.Len(t, doc.Rects, 1+2, "%s: a background and one bar per variant", path)
		assert.Equal(t, 1, strings.Count(string(svg), "is better"), path)
	}
}

// go test -bench . ./06-rest-compare/bench: the encode/decode table as Go
// benchmarks, side by side in one run (compare them with benchstat).
func BenchmarkEncode(b *testing.B) {
	p := catalog.Generate("load", 1)[0]
	for _, c := range codecs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = c.marshal(p)
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	p := catalog.Generate("load", 1)[0]
	for _, c := range codecs {
		data, err := c.marshal(p)
		require.NoError(b, err)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var q pb.Product
				_ = c.unmarshal(data, &q)
			}
		})
	}
}

// A shaped link really adds its round trip, and its proxies stop with it
// (goleak checks).
func TestShapedLinkAddsItsRoundTrip(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() { // an echo server: one connection, each byte back
		defer close(done)
		c, err := l.Accept()
		if err == nil {
			_, _ = io.Copy(c, c)
			_ = c.Close()
		}
	}()
	sh := newShaper(Link{Name: "test", RTT: 20 * time.Millisecond})
	addr, err := sh.front(l.Addr().String())
	require.NoError(t, err)
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	buf := make([]byte, 1)
	began := time.Now()
	_, err = c.Write([]byte{'x'})
	require.NoError(t, err)
	_, err = io.ReadFull(c, buf)
	require.NoError(t, err)
	took := time.Since(began)
	assert.GreaterOrEqual(t, took, 20*time.Millisecond, "one byte there and back")
	assert.Less(t, took, time.Second)
	_ = c.Close()
	sh.stop()
	_ = l.Close()
	<-done
}
