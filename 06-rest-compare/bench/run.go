package bench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// Options says how long to measure.
type Options struct {
	Quick  bool // a short run for live demos and CI (< 30 s on loopback, a minute on the WAN)
	Rounds int  // 0: 5 for the full run, 2 for quick (3 and 1 on a shaped link)
	Link   Link // the network between clients and servers; the zero Link is loopback
	Log    io.Writer
}

func (o Options) plan() (rounds int, window time.Duration, rate, repeats int, benchtime string) {
	if o.Quick {
		rounds, window, rate, repeats, benchtime = 2, 400*time.Millisecond, 1000, 1, "100ms"
	} else {
		rounds, window, rate, repeats, benchtime = 5, 2*time.Second, 2000, 3, "1s"
	}
	// On a shaped link the network, not a GC pause, sets the time: one try
	// per round is enough, and a WAN round takes a minute.
	if o.Link.Shaped() {
		repeats = 1
		if o.Quick {
			rounds = 1
		} else {
			rounds = 3
		}
	}
	if o.Rounds > 0 {
		rounds = o.Rounds
	}
	return
}

// Metric is one question, answered by each variant in every round.
type Metric struct {
	Title    string
	Unit     string
	Higher   bool // higher is better (throughput); else lower is (time, latency)
	Variants []string
	Samples  map[string][]float64 // variant -> one sample per round
	Note     string
	// Ratios, when read back from a report: the ratio column as it was
	// printed (from the unrounded medians), which the chart then shows.
	Ratios map[string]string
}

func (m *Metric) add(variant string, v float64) { m.Samples[variant] = append(m.Samples[variant], v) }

// Results is everything one run measured.
type Results struct {
	Link    Link
	Env     Env
	Quick   bool
	Rounds  int
	Window  time.Duration
	Rate    int
	Sizes   []SizeRow
	Codecs  []CodecRow
	Metrics []*Metric
	Conns   map[string]int64   // unary variant -> connections its server had accepted after the warm-up (10 workers)
	NewConn map[string]int64   // unary variant -> connections opened during the measured throughput runs
	Calls   map[string]int64   // unary variant -> calls made in the measured throughput runs
	Wire    map[string]float64 // unary variant -> bytes on the wire per call, both directions
	// list variant -> bytes on the wire for one list of 10,000, both
	// directions, headers included: what gzip saves, or does not.
	ListWire map[string]float64
}

// Metric returns the metric with that title, or nil.
func (r *Results) Metric(title string) *Metric {
	for _, m := range r.Metrics {
		if m.Title == title {
			return m
		}
	}
	return nil
}

// Titles of the metrics, used by the report and the chart.
const (
	Throughput = "GetProduct throughput, 10 concurrent clients"
	P50        = "GetProduct latency p50 at a fixed rate"
	P99        = "GetProduct latency p99 at a fixed rate"
	List10k    = "List 10,000 products"
	Upload10k  = "Upload 10,000 products"
)

// variant is one way to do one thing.
type variant struct {
	name string
	op   Op
}

// Run measures everything and returns the results.
func Run(ctx context.Context, opt Options) (*Results, error) {
	logf := func(format string, args ...any) {
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, format+"\n", args...)
		}
	}
	rounds, window, rate, repeats, benchtime := opt.plan()
	res := &Results{Link: opt.Link, Env: ReadEnv(), Quick: opt.Quick, Rounds: rounds, Window: window, Rate: rate,
		Conns: map[string]int64{}, NewConn: map[string]int64{}, Calls: map[string]int64{}, Wire: map[string]float64{}, ListWire: map[string]float64{}}

	var err error
	shaped := opt.Link.Shaped()
	if !shaped { // sizes and codecs are the same on any network
		logf("payload sizes ...")
		var sample *pb.Product
		if res.Sizes, sample, err = Sizes(); err != nil {
			return nil, err
		}
		logf("encode/decode cost (testing.Benchmark, %s each) ...", benchtime)
		if res.Codecs, err = Codecs(benchtime, sample); err != nil {
			return nil, err
		}
	}

	// The catalogue every read goes to, and an empty one for uploads.
	catalogue := catalog.New()
	if _, err := catalogue.CreateAll(catalog.Generate("load", listSize)); err != nil {
		return nil, err
	}
	uploads := catalog.New()

	// One server per variant, so each one's connections can be counted alone.
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	// Registered after the servers' stop, so it runs before it: the
	// proxies close their connections first.
	sh := newShaper(opt.Link)
	defer sh.stop()
	start := func(grpc, gzip bool, store *catalog.Store) (*server, error) {
		var s *server
		var err error
		if grpc {
			s, err = startGRPC(store) // gzip or not is the client's choice, per call
		} else {
			s, err = startREST(store, gzip)
		}
		if err != nil {
			return nil, err
		}
		servers = append(servers, s)
		// Clients use the proxy's address; the server's listener still
		// counts the bytes the server itself sends and gets.
		s.addr, err = sh.front(s.addr)
		return s, err
	}
	type endpoint struct {
		name string
		grpc bool
		h2   bool
		idle int
	}
	unaryEndpoints := []endpoint{
		{"gRPC", true, true, 0},
		{"REST HTTP/1.1", false, false, workers},
		{"REST HTTP/2 (h2c)", false, true, workers},
		{"REST HTTP/1.1, MaxIdleConnsPerHost 2 (Go's default)", false, false, 0},
	}
	var unary []variant
	unaryServer := map[string]*server{}
	for _, e := range unaryEndpoints {
		s, err := start(e.grpc, false, catalogue)
		if err != nil {
			return nil, err
		}
		unaryServer[e.name] = s
		if e.grpc {
			c, err := newGRPCClient(s.addr)
			if err != nil {
				return nil, err
			}
			defer c.conn.Close()
			unary = append(unary, variant{e.name, c.getProduct})
		} else {
			c := newRESTClient(s.addr, e.h2, e.idle)
			defer c.http.CloseIdleConnections()
			unary = append(unary, variant{e.name, c.getProduct})
		}
	}

	// Each list variant has a server of its own, so its listener counts
	// that variant's bytes alone. gzip: the gRPC client asks per call
	// (grpc.UseCompressor), the REST client always offers it (Go's
	// transport sends Accept-Encoding: gzip) and the gzip servers use it.
	type listing struct {
		name           string
		grpc, gzip, h2 bool
		op             func(*grpcClient, *restClient) Op
	}
	listings := []listing{
		{"gRPC server stream", true, false, false, func(g *grpcClient, _ *restClient) Op { return g.listAll }},
		{"gRPC server stream, gzip", true, true, false, func(g *grpcClient, _ *restClient) Op { return g.listAll }},
		{"REST pages of 100 (HTTP/1.1)", false, false, false, func(_ *grpcClient, r *restClient) Op { return r.listPages }},
		{"REST pages of 100 (HTTP/2)", false, false, true, func(_ *grpcClient, r *restClient) Op { return r.listPages }},
		{"REST pages of 100, gzip", false, true, false, func(_ *grpcClient, r *restClient) Op { return r.listPages }},
		{"REST NDJSON stream (HTTP/1.1)", false, false, false, func(_ *grpcClient, r *restClient) Op { return r.listNDJSON }},
		{"REST NDJSON stream, gzip", false, true, false, func(_ *grpcClient, r *restClient) Op { return r.listNDJSON }},
	}
	var lists []variant
	listServer := map[string]*server{}
	for _, l := range listings {
		s, err := start(l.grpc, l.gzip, catalogue)
		if err != nil {
			return nil, err
		}
		listServer[l.name] = s
		if l.grpc {
			c, err := newGRPCClient(s.addr)
			if err != nil {
				return nil, err
			}
			defer c.conn.Close()
			c.gzip = l.gzip
			lists = append(lists, variant{l.name, l.op(c, nil)})
		} else {
			c := newRESTClient(s.addr, l.h2, 2)
			defer c.http.CloseIdleConnections()
			lists = append(lists, variant{l.name, l.op(nil, c)})
		}
	}

	gUp, err := start(true, false, uploads)
	if err != nil {
		return nil, err
	}
	rUp, err := start(false, false, uploads)
	if err != nil {
		return nil, err
	}
	gUpC, err := newGRPCClient(gUp.addr)
	if err != nil {
		return nil, err
	}
	defer gUpC.conn.Close()
	rUpC := newRESTClient(rUp.addr, false, 2)
	defer rUpC.http.CloseIdleConnections()

	ups := []variant{
		{"gRPC client stream", func(ctx context.Context) error { return gUpC.upload(ctx, freshProducts(listSize)) }},
		{"REST one batch POST", func(ctx context.Context) error { return rUpC.uploadBatch(ctx, freshProducts(listSize), listSize) }},
		{"REST 100 POSTs of 100", func(ctx context.Context) error { return rUpC.uploadBatch(ctx, freshProducts(listSize), batchSize) }},
	}

	names := func(vs []variant) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.name)
		}
		return out
	}
	metric := func(title, unit string, higher bool, vs []variant, note string) *Metric {
		m := &Metric{Title: title, Unit: unit, Higher: higher, Variants: names(vs), Samples: map[string][]float64{}, Note: note}
		res.Metrics = append(res.Metrics, m)
		return m
	}
	tput := metric(Throughput, "req/s", true, unary, "closed loop: 10 workers, each waits for its answer")
	p50 := metric(P50, "ms", false, unary, fmt.Sprintf("open loop at %d req/s; latency counted from the scheduled send time", rate))
	p99 := metric(P99, "ms", false, unary, "")
	list := metric(List10k, "ms", false, lists, fmt.Sprintf("decoded into pb.Product on the client, every product counted; each round keeps the best of %d, the table shows min/median/max of those", repeats))
	upload := metric(Upload10k, "ms", false, ups, fmt.Sprintf("all products stored (the servers check every one); best of %d per round, as above", repeats))

	logf("warm-up ...")
	for _, v := range unary {
		if _, _, err := ClosedLoop(ctx, v.op, workers, window/2); err != nil {
			return nil, fmt.Errorf("warm-up %s: %w", v.name, err)
		}
	}
	// On a shaped link a list or an upload takes seconds: no warm-up for
	// them (their first run also opens their connection, which toxiproxy
	// does not delay), and their bytes are those measured on loopback.
	if !shaped {
		for _, v := range append(append([]variant{}, lists...), ups...) {
			if err := v.op(ctx); err != nil {
				return nil, fmt.Errorf("warm-up %s: %w", v.name, err)
			}
		}
		// Bytes of one list, after the warm-up: connections are open, so no
		// handshake is counted; the same every time, so once is enough.
		for _, v := range lists {
			s := listServer[v.name]
			before := s.lis.bytes.Load()
			if err := v.op(ctx); err != nil {
				return nil, fmt.Errorf("%s: %w", v.name, err)
			}
			res.ListWire[v.name] = float64(s.lis.bytes.Load() - before)
		}
	}

	for name, s := range unaryServer {
		res.Conns[name] = s.lis.accepted.Load()
	}
	wireBytes := map[string]int64{}
	for r := range rounds {
		logf("round %d of %d ...", r+1, rounds)
		for _, v := range rotate(unary, r) {
			s := unaryServer[v.name]
			runtime.GC() // start each window clean: no garbage from the last one is charged to it
			bytesBefore, connsBefore := s.lis.bytes.Load(), s.lis.accepted.Load()
			ops, took, err := ClosedLoop(ctx, v.op, workers, window)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", v.name, err)
			}
			wireBytes[v.name] += s.lis.bytes.Load() - bytesBefore
			res.NewConn[v.name] += s.lis.accepted.Load() - connsBefore
			res.Calls[v.name] += ops
			tput.add(v.name, float64(ops)/took.Seconds())
		}
		for _, v := range rotate(unary, r) {
			runtime.GC()
			lat, err := OpenLoop(ctx, v.op, rate, window)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", v.name, err)
			}
			p50.add(v.name, ms(Percentile(lat, 50)))
			p99.add(v.name, ms(Percentile(lat, 99)))
		}
		for _, group := range []struct {
			m  *Metric
			vs []variant
		}{{list, lists}, {upload, ups}} {
			for _, v := range rotate(group.vs, r) {
				var best time.Duration
				for i := range repeats { // the best of a few: one GC pause should not decide it
					runtime.GC()
					began := time.Now()
					if err := v.op(ctx); err != nil {
						return nil, fmt.Errorf("%s: %w", v.name, err)
					}
					if took := time.Since(began); i == 0 || took < best {
						best = took
					}
				}
				group.m.add(v.name, ms(best))
			}
		}
	}
	for name := range unaryServer {
		res.Wire[name] = float64(wireBytes[name]) / float64(max(res.Calls[name], 1))
	}
	return res, nil
}

// rotate starts round r at a different variant, so none always runs first
// (on a warm or a cold machine).
func rotate(vs []variant, r int) []variant {
	k := r % len(vs)
	return append(append([]variant{}, vs[k:]...), vs[:k]...)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
