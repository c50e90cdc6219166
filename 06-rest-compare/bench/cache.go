package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/06-rest-compare/httpcache"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
)

// REST's own win, measured: the same product asked for again and again
// (a product page everyone opens), with an HTTP cache in front of the REST
// server and without. The cache sits on the clients' side of the network,
// as a CDN's edge or a company's proxy does; gRPC has no such standard
// cache (a call is a POST, its status comes in trailers).

// CacheRow is one way to get the same product again and again.
type CacheRow struct {
	Variant      string
	Samples      []float64 // req/s, one per round
	BytesPerCall float64   // counted at the client, both directions, headers included
	ReachPer100  float64   // of 100 calls, how many reached the server
}

// CacheResults is the caching question on one network.
type CacheResults struct {
	Link    Link
	Rounds  int
	Window  time.Duration
	Rows    []CacheRow
	Skipped string // why the rows through nginx are missing (no nginx on a laptop)
}

// counter counts bytes on the connections a client dials.
type counter struct{ bytes atomic.Int64 }

func (c *counter) dial(ctx context.Context, addr string) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, total: &c.bytes}, nil
}

// cached is one variant: its op, and its client's byte counter.
type cached struct {
	name string
	op   Op
	wire *counter
}

// Caching measures the cache rows on opt.Link.
func Caching(ctx context.Context, opt Options) (*CacheResults, error) {
	rounds, window, _, _, _ := opt.plan()
	res := &CacheResults{Link: opt.Link, Rounds: rounds, Window: window}
	store := catalog.New()
	if _, err := store.CreateAll(catalog.Generate("load", 100)); err != nil {
		return nil, err
	}

	var reached atomic.Int64 // requests that got to the REST server
	api := rest.NewServer(store, rest.Config{Token: token})
	hs := serve.NewHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		api.ServeHTTP(w, r)
	}))
	origin, err := listen(func(l net.Listener) { _ = hs.Serve(l) }, func() { _ = hs.Close() })
	if err != nil {
		return nil, err
	}
	defer origin.stop()
	grpcSrv, err := startGRPC(store)
	if err != nil {
		return nil, err
	}
	defer grpcSrv.stop()
	sh := newShaper(opt.Link)
	defer sh.stop()
	restAddr, err := sh.front(origin.addr)
	if err != nil {
		return nil, err
	}
	grpcAddr, err := sh.front(grpcSrv.addr)
	if err != nil {
		return nil, err
	}

	var vs []cached
	gw := &counter{}
	conn, err := grpc.NewClient(grpcAddr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithContextDialer(gw.dial))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	g := &grpcClient{conn: conn, client: pb.NewProductServiceClient(conn), id: unaryID, token: token}
	vs = append(vs, cached{"gRPC (no HTTP cache can keep it)", g.getProduct, gw})
	var idle []*http.Client
	defer func() {
		for _, c := range idle {
			c.CloseIdleConnections()
		}
	}()
	add := func(name, addr string, conditional bool) error {
		w := &counter{}
		c := newRESTClient(addr, false, workers)
		idle = append(idle, c.http)
		c.http.Transport.(*http.Transport).DialContext = func(ctx context.Context, _, a string) (net.Conn, error) { return w.dial(ctx, a) }
		op := c.getProduct
		if conditional {
			if err := c.learnETag(ctx); err != nil { // once, before any worker reads c.etag
				return err
			}
			op = c.getIfNoneMatch
		}
		vs = append(vs, cached{name, op, w})
		return nil
	}
	if err := add("REST, every GET to the server", restAddr, false); err != nil {
		return nil, err
	}
	if err := add("REST, If-None-Match: 304s from the server", restAddr, true); err != nil {
		return nil, err
	}
	cache, err := httpcache.Start(ctx, restAddr)
	switch {
	case errors.Is(err, httpcache.ErrNoNginx) && os.Getenv("CI") != "true":
		res.Skipped = err.Error()
	case err != nil:
		return nil, err
	default:
		defer cache.Stop()
		if err := add("REST through nginx's cache", cache.Addr, false); err != nil {
			return nil, err
		}
		if err := add("REST through nginx, If-None-Match: 304s from the cache", cache.Addr, true); err != nil {
			return nil, err
		}
	}
	for _, v := range vs {
		// The warm-up fills the cache (and learns the ETag) and opens the
		// connections: none of that is charged to the rounds.
		if _, _, err := ClosedLoop(ctx, v.op, workers, window/4); err != nil {
			return nil, fmt.Errorf("warm-up %s: %w", v.name, err)
		}
	}
	rows := make(map[string]*CacheRow)
	calls, bytes, reach := map[string]int64{}, map[string]int64{}, map[string]int64{}
	for r := range rounds {
		k := r % len(vs)
		for _, v := range append(append([]cached{}, vs[k:]...), vs[:k]...) {
			runtime.GC()
			b0, r0 := v.wire.bytes.Load(), reached.Load()
			ops, took, err := ClosedLoop(ctx, v.op, workers, window)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", v.name, err)
			}
			if rows[v.name] == nil {
				rows[v.name] = &CacheRow{Variant: v.name}
			}
			rows[v.name].Samples = append(rows[v.name].Samples, float64(ops)/took.Seconds())
			calls[v.name] += ops
			bytes[v.name] += v.wire.bytes.Load() - b0
			if v.name != vs[0].name { // the gRPC server is not counted: it is not the REST server
				reach[v.name] += reached.Load() - r0
			}
		}
	}
	for _, v := range vs {
		row := rows[v.name]
		n := float64(max(calls[v.name], 1))
		row.BytesPerCall = float64(bytes[v.name]) / n
		row.ReachPer100 = 100 * float64(reach[v.name]) / n
		if v.name == vs[0].name {
			row.ReachPer100 = 100 // every call is the server's
		}
		res.Rows = append(res.Rows, *row)
	}
	return res, nil
}

// learnETag gets the product once and keeps its ETag, as a client (or a
// cache) that holds a copy does.
func (c *restClient) learnETag(ctx context.Context) error {
	req, err := c.request(ctx)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if c.etag = resp.Header.Get("ETag"); c.etag == "" {
		return errors.New("GET /products/" + c.id + " sent no ETag: finish 06-rest-compare/cache.go, or run `go run ./cmd/workshop bench`, which uses the solution")
	}
	return nil
}

// getIfNoneMatch asks with the ETag of the copy it holds and expects 304:
// the client already has the product, and it is current.
func (c *restClient) getIfNoneMatch(ctx context.Context) error {
	req, err := c.request(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("If-None-Match", c.etag)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusNotModified {
		return fmt.Errorf("If-None-Match %s: %d, not 304", c.etag, resp.StatusCode)
	}
	return nil
}

func (c *restClient) request(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/products/"+c.id, nil)
	if err == nil {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return req, err
}
