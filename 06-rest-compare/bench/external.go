package bench

import (
	"context"
	"fmt"
	"io"
	"time"
)

// External measures GetProduct throughput against a server in another
// process, with the same load generator and clients as Run: for checking
// this harness against an outside tool (ghz for gRPC, wrk or h2load for
// REST) on the same server.
func External(ctx context.Context, w io.Writer, grpcAddr, restAddr, id, tok string, rounds int, window time.Duration) error {
	type target struct {
		name string
		op   Op
	}
	var targets []target
	if grpcAddr != "" {
		c, err := newGRPCClient(grpcAddr)
		if err != nil {
			return err
		}
		defer c.conn.Close()
		c.id, c.token = id, tok
		targets = append(targets, target{"gRPC " + grpcAddr, c.getProduct})
	}
	if restAddr != "" {
		c := newRESTClient(restAddr, false, workers)
		defer c.http.CloseIdleConnections()
		c.id, c.token = id, tok
		targets = append(targets, target{"REST HTTP/1.1 " + restAddr, c.getProduct})
	}
	for _, t := range targets {
		if _, _, err := ClosedLoop(ctx, t.op, workers, window/2); err != nil { // warm-up
			return fmt.Errorf("%s: %w", t.name, err)
		}
		var samples []float64
		for range rounds {
			ops, took, err := ClosedLoop(ctx, t.op, workers, window)
			if err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			samples = append(samples, float64(ops)/took.Seconds())
		}
		s := SpreadOf(samples)
		fmt.Fprintf(w, "%s: GetProduct(%q), %d workers: min %.0f, median %.0f, max %.0f req/s\n",
			t.name, id, workers, s.Min, s.Median, s.Max)
	}
	return nil
}
