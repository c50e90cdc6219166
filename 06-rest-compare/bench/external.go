package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
)

// externalGC is the GC target while External runs. The load generator's
// heap is a few MB, so at the default 100 the collector runs many times a
// second and took 15-18% of the generator's CPU in the profile; 400 cuts
// that to a quarter for some 20 MB more memory. The server is another
// process and keeps its own setting.
const externalGC = 400

// External measures GetProduct throughput against a server in another
// process, for checking this harness against an outside tool (h2load or
// ghz for gRPC, wrk for REST) on the same server. Each target is measured
// two ways, in alternating rounds: with the client calls Run makes ("as
// Run"), and with each worker keeping its request, context and answer
// ("lean"), which checks every answer as strictly (status, a full decode
// into pb.Product, the id) with fewer allocations per call.
func External(ctx context.Context, w io.Writer, grpcAddr, restAddr, id, tok string, rounds int, window time.Duration) error {
	defer debug.SetGCPercent(debug.SetGCPercent(externalGC))
	type target struct {
		name      string
		asRun     Op
		leanOpFor func() Op
	}
	var targets []target
	if grpcAddr != "" {
		c, err := newGRPCClient(grpcAddr)
		if err != nil {
			return err
		}
		defer c.conn.Close()
		c.id, c.token = id, tok
		targets = append(targets, target{"gRPC " + grpcAddr, c.getProduct, c.leanGetProduct})
	}
	if restAddr != "" {
		c := newRESTClient(restAddr, false, workers)
		defer c.http.CloseIdleConnections()
		c.id, c.token = id, tok
		targets = append(targets, target{"REST HTTP/1.1 " + restAddr, c.getProduct, c.leanGetProduct})
	}
	for _, t := range targets {
		ways := []struct {
			name  string
			newOp func() Op
		}{
			{"as Run", func() Op { return t.asRun }},
			{"lean", t.leanOpFor},
		}
		samples := make([][]float64, len(ways))
		for round := -1; round < rounds; round++ { // round -1 warms up
			for i, way := range ways {
				d := window
				if round < 0 {
					d = window / 2
				}
				ops, took, err := ClosedLoopEach(ctx, way.newOp, workers, d)
				if err != nil {
					return fmt.Errorf("%s, %s: %w", t.name, way.name, err)
				}
				if round >= 0 {
					samples[i] = append(samples[i], float64(ops)/took.Seconds())
				}
			}
		}
		for i, way := range ways {
			s := SpreadOf(samples[i])
			fmt.Fprintf(w, "%s: GetProduct(%q), %d workers, %s: min %.0f, median %.0f, max %.0f req/s\n",
				t.name, id, workers, way.name, s.Min, s.Median, s.Max)
		}
	}
	return nil
}

// leanGetProduct is getProduct with the request, the token's context and
// the answer kept from call to call (proto.Unmarshal resets the answer).
func (c *grpcClient) leanGetProduct() Op {
	req := &pb.GetProductRequest{ProductId: c.id}
	var p pb.Product
	var parent, authed context.Context
	return func(ctx context.Context) error {
		if ctx != parent { // once per loop: every call of a loop gets its ctx
			parent, authed = ctx, interceptor.WithToken(ctx, c.token)
		}
		if err := c.conn.Invoke(authed, pb.ProductService_GetProduct_FullMethodName, req, &p); err != nil {
			return err
		}
		if p.GetId() != c.id {
			return fmt.Errorf("got %q", p.GetId())
		}
		return nil
	}
}

// leanGetProduct is getProduct with the request and the body's buffer kept
// from call to call; it also checks the id.
func (c *restClient) leanGetProduct() Op {
	var req *http.Request
	var body bytes.Buffer
	var p pb.Product
	return func(ctx context.Context) error {
		if req == nil || req.Context() != ctx {
			r, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/products/"+c.id, nil)
			if err != nil {
				return err
			}
			r.Header.Set("Authorization", "Bearer "+c.token)
			req = r
		}
		// A request may be sent again once the previous answer's body is closed.
		resp, err := c.http.Do(req)
		if err != nil {
			return err
		}
		body.Reset()
		_, err = body.ReadFrom(resp.Body) // read to the end: only then is the connection reused
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET /products/%s: %d %s", c.id, resp.StatusCode, body.Bytes())
		}
		if err := protojson.Unmarshal(body.Bytes(), &p); err != nil {
			return err
		}
		if p.GetId() != c.id {
			return fmt.Errorf("got %q", p.GetId())
		}
		return nil
	}
}
