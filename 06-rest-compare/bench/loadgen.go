// Package bench is the workshop's benchmark: the same operations against the
// gRPC server and the REST server, driven by the same load generator, in
// alternating rounds, reported with min/median/max.
package bench

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Op is one request (or one whole streaming operation). It must be safe to
// call from many goroutines.
type Op func(ctx context.Context) error

// ClosedLoop runs op back to back on `workers` goroutines for d and returns
// how many completed and how long it took. Closed loop measures capacity:
// each worker waits for its answer before sending again.
func ClosedLoop(ctx context.Context, op Op, workers int, d time.Duration) (ops int64, took time.Duration, err error) {
	return ClosedLoopEach(ctx, func() Op { return op }, workers, d)
}

// ClosedLoopEach is ClosedLoop with an op of each worker's own, made by
// newOp before the clock starts. A worker's op runs on one goroutine only,
// so it can keep its request and its answer from call to call: fewer
// allocations per call, which matter when the load generator's CPU is the
// limit (see External).
func ClosedLoopEach(ctx context.Context, newOp func() Op, workers int, d time.Duration) (ops int64, took time.Duration, err error) {
	// The window ends the loop, not the calls: a call in flight when time is
	// up finishes normally (a deadline on it would fail it half-way, and the
	// server, which gets the deadline too, might say so first).
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	each := make([]Op, workers)
	for i := range each {
		each[i] = newOp()
	}
	start := time.Now()
	end := start.Add(d)
	for _, op := range each {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(end) {
				if err := op(ctx); err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	return done.Load(), time.Since(start), firstErr
}

// OpenLoop sends `rate` operations per second for d, on a schedule that does
// not wait for answers, and returns each operation's latency measured from
// when it was *scheduled*. A slow answer therefore also counts the time the
// next requests waited behind it ("coordinated omission" avoided): the
// numbers are what a user arriving at that rate would see.
func OpenLoop(ctx context.Context, op Op, rate int, d time.Duration) ([]time.Duration, error) {
	n := int(float64(rate) * d.Seconds())
	interval := time.Second / time.Duration(rate)
	latencies := make([]time.Duration, n)
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for i := range n {
		scheduled := start.Add(time.Duration(i) * interval)
		if wait := time.Until(scheduled); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				wg.Wait()
				return nil, ctx.Err()
			}
		}
		wg.Go(func() {
			if err := op(ctx); err != nil {
				once.Do(func() { firstErr = err })
			}
			latencies[i] = time.Since(scheduled)
		})
	}
	wg.Wait()
	return latencies, firstErr
}

// Percentile returns the p-th percentile (0..100) of ds, nearest rank.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p/100*float64(len(s))+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

// Spread is what several rounds measured for one thing.
type Spread struct{ Min, Median, Max float64 }

// SpreadOf summarises samples (one per round).
func SpreadOf(samples []float64) Spread {
	if len(samples) == 0 {
		return Spread{}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	median := s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Spread{Min: s[0], Median: median, Max: s[len(s)-1]}
}
