package cluster

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grpcvsrest/workshop/06-rest-compare/lb"
)

// Workers is how many calls are in flight at once, as in step 06's benchmark.
const Workers = 10

// Row is one setup's answer: how many of its calls each replica answered,
// and how many calls failed.
type Row struct {
	Setup  string
	Calls  []int64 // per replica, in replica order
	Failed int64
}

// Total is the calls the replicas answered.
func (r Row) Total() int64 {
	var n int64
	for _, c := range r.Calls {
		n += c
	}
	return n
}

// Spread makes n calls on Workers goroutines and counts, per replica, the
// calls it answered (count reads a replica's counter: gRPC's or REST's).
// A failed call is counted and the run goes on: how many fail is part of
// the answer when a replica goes away.
func Spread(ctx context.Context, setup string, replicas []*Replica, count func(*Replica) int64, call lb.Call, n int) Row {
	before := make([]int64, len(replicas))
	for i, r := range replicas {
		before[i] = count(r)
	}
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range Workers {
		wg.Go(func() {
			for next.Add(1) <= int64(n) && ctx.Err() == nil {
				if call(ctx) != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	row := Row{Setup: setup, Failed: failed.Load()}
	for i, r := range replicas {
		row.Calls = append(row.Calls, count(r)-before[i])
	}
	return row
}

// Warm makes batches of calls until one batch reaches every replica (the
// client is connected to all of them), for at most 5 s. A count taken
// before that would credit the replica that was ready first with the
// calls made while the others were still connecting.
func Warm(ctx context.Context, replicas []*Replica, count func(*Replica) int64, call lb.Call) error {
	deadline := time.Now().Add(5 * time.Second)
	for {
		row := Spread(ctx, "", replicas, count, call, 30)
		if row.Failed > 0 {
			return fmt.Errorf("warm-up: %d of 30 calls failed", row.Failed)
		}
		idle := slices.Index(row.Calls, 0)
		if idle < 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("warm-up: replica-%d answered none of the last 30 calls, 5 s after the client was made", idle+1)
		}
	}
}

// GRPC and REST read a replica's counters, for Spread.
func GRPC(r *Replica) int64 { return r.GRPCCalls() }
func REST(r *Replica) int64 { return r.RESTCalls() }

// Table prints the rows as a Markdown table, one column per replica.
func Table(w io.Writer, rows []Row) {
	if len(rows) == 0 {
		return
	}
	head := []string{"Setup"}
	for i := range rows[0].Calls {
		head = append(head, fmt.Sprintf("replica-%d", i+1))
	}
	head = append(head, "failed")
	fmt.Fprintf(w, "| %s |\n", strings.Join(head, " | "))
	fmt.Fprintf(w, "|---|%s\n", strings.Repeat("---:|", len(head)-1))
	for _, r := range rows {
		cells := []string{r.Setup}
		for _, c := range r.Calls {
			cells = append(cells, fmt.Sprint(c))
		}
		cells = append(cells, fmt.Sprint(r.Failed))
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// StopDuring wraps call so that, after its first `after` calls, stop runs
// (on its own goroutine, while the other calls go on). stopped is closed
// when stop has returned.
func StopDuring(call lb.Call, after int, stop func()) (wrapped lb.Call, stopped <-chan struct{}) {
	done := make(chan struct{})
	var seen atomic.Int64
	return func(ctx context.Context) error {
		err := call(ctx)
		if seen.Add(1) == int64(after) {
			go func() { stop(); close(done) }()
		}
		return err
	}, done
}
