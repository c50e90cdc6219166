package stage_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/interceptor"
	"github.com/grpcvsrest/workshop/internal/reference"
	"github.com/grpcvsrest/workshop/internal/stage"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const benchToken = "bench-token"

// target is one server on loopback and a client connection to it.
type target struct {
	name   string
	client pb.ProductServiceClient
	ns     time.Duration // wall time spent on its calls
	calls  int
}

// BenchmarkChain measures what the stage servers' interceptor chain
// (logging to slog.DiscardHandler, recovery, auth) costs per GetProduct,
// against a bare grpc.NewServer with only the same service registered.
// Both run in one benchmark and take turns in blocks of calls, so a busy
// neighbour on a shared machine slows both alike and the ratio holds.
// "serial" is one call at a time (latency); "10-concurrent" keeps 10 in
// flight, so its ns/call is the inverse of throughput.
//
//	go test -run '^$' -bench Chain -benchtime 2s -count 3 ./internal/stage/
func BenchmarkChain(b *testing.B) {
	svc := &reference.Service{Store: catalog.Seeded()}
	staged, _ := stage.NewServer(svc, stage.Config{Token: benchToken, Logger: slog.New(slog.DiscardHandler)})
	bare := grpc.NewServer()
	pb.RegisterProductServiceServer(bare, svc)

	var targets []*target
	for _, s := range []struct {
		name string
		srv  *grpc.Server
	}{{"stage", staged}, {"bare", bare}} {
		c := serve(b, s.srv)
		targets = append(targets, &target{name: s.name, client: c})
	}
	// Both get the token: the bare server ignores it, so the requests are
	// the same bytes and only the server side differs.
	ctx := interceptor.WithToken(context.Background(), benchToken)
	req := &pb.GetProductRequest{ProductId: "prod-001"}

	for _, mode := range []struct {
		name    string
		workers int
	}{{"serial", 1}, {"10-concurrent", 10}} {
		b.Run(mode.name, func(b *testing.B) {
			for _, t := range targets {
				t.ns, t.calls = 0, 0
				if _, err := t.client.GetProduct(ctx, req); err != nil { // warm: connection up
					b.Fatal(err)
				}
			}
			block := 10 * mode.workers // small blocks: many turns, so noise averages out
			b.ResetTimer()
			for i, done := 0, 0; done < b.N; i++ {
				t := targets[i%len(targets)]
				n := min(block, b.N-done)
				start := time.Now()
				if err := calls(ctx, t.client, req, n, mode.workers); err != nil {
					b.Fatal(err)
				}
				t.ns += time.Since(start)
				t.calls += n
				done += n
			}
			b.StopTimer()
			per := map[string]float64{}
			for _, t := range targets {
				if t.calls > 0 {
					per[t.name] = float64(t.ns.Nanoseconds()) / float64(t.calls)
				}
			}
			b.ReportMetric(0, "ns/op") // a mix of both; the two below say it apart
			b.ReportMetric(per["stage"], "stage-ns/call")
			b.ReportMetric(per["bare"], "bare-ns/call")
			if per["bare"] > 0 {
				b.ReportMetric(per["stage"]/per["bare"], "stage/bare")
			}
		})
	}
}

// BenchmarkChainInProcess times the same three interceptors around the
// reference GetProduct handler, called directly (no network, no grpc-go),
// against the handler alone: their own cost in ns, to set beside the
// per-call cost of a whole call in BenchmarkChain.
func BenchmarkChainInProcess(b *testing.B) {
	svc := &reference.Service{Store: catalog.Seeded()}
	log := slog.New(slog.DiscardHandler)
	chain := []grpc.UnaryServerInterceptor{ // the order stage.NewServer uses
		interceptor.UnaryLogging(log), interceptor.UnaryRecovery(log), interceptor.UnaryAuth(benchToken),
	}
	var handler grpc.UnaryHandler = func(ctx context.Context, req any) (any, error) {
		return svc.GetProduct(ctx, req.(*pb.GetProductRequest))
	}
	info := &grpc.UnaryServerInfo{FullMethod: pb.ProductService_GetProduct_FullMethodName}
	withChain := handler
	for i := len(chain) - 1; i >= 0; i-- {
		next, ic := withChain, chain[i]
		withChain = func(ctx context.Context, req any) (any, error) { return ic(ctx, req, info, next) }
	}
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+benchToken))
	req := &pb.GetProductRequest{ProductId: "prod-001"}

	ways := []grpc.UnaryHandler{withChain, handler}
	var ns [2]time.Duration
	var n [2]int
	const block = 1000
	b.ReportAllocs()
	for i, done := 0, 0; done < b.N; i++ {
		k := min(block, b.N-done)
		start := time.Now()
		for range k {
			if _, err := ways[i%2](ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		ns[i%2] += time.Since(start)
		n[i%2] += k
		done += k
	}
	if n[1] == 0 {
		return // b.N was too small for a turn each
	}
	chained, bare := float64(ns[0].Nanoseconds())/float64(n[0]), float64(ns[1].Nanoseconds())/float64(n[1])
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(chained, "with-chain-ns/call")
	b.ReportMetric(bare, "handler-ns/call")
	b.ReportMetric(chained-bare, "chain-ns/call")
}

// calls makes n GetProduct calls on `workers` goroutines.
func calls(ctx context.Context, c pb.ProductServiceClient, req *pb.GetProductRequest, n, workers int) error {
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				p, err := c.GetProduct(ctx, req)
				if err == nil && p.GetId() != req.GetProductId() {
					err = fmt.Errorf("got %q", p.GetId())
				}
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}

// serve runs srv on 127.0.0.1:0 until the benchmark ends and returns a
// client of it. A real socket, not grpctest.Dial's in-memory bufconn: the
// ratio is the one a call over loopback sees.
func serve(b *testing.B, srv *grpc.Server) pb.ProductServiceClient {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = srv.Serve(l); close(done) }()
	b.Cleanup(func() { srv.Stop(); <-done })
	conn, err := grpc.NewClient(l.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() }) // runs first: cleanups run last-in first-out
	return pb.NewProductServiceClient(conn)
}
