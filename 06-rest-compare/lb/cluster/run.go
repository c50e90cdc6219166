package cluster

import (
	"context"
	"errors"
	"slices"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/grpcvsrest/workshop/06-rest-compare/lb"
)

// Measure runs each setup with n calls on three fresh replicas and returns
// its rows, for the report and the chart (the tests check the same setups
// one by one). Without haproxy the L4 and L7 rows are left out, and
// missing says why.
func Measure(ctx context.Context, n int) (rows []Row, missing error, err error) {
	plain := grpc.WithTransportCredentials(insecure.NewCredentials())
	// each runs one setup on its own replicas, so no count carries over.
	each := func(f func(replicas []*Replica) ([]Row, error)) error {
		replicas, stop, err := StartReplicas(3)
		if err != nil {
			return err
		}
		defer stop()
		got, err := f(replicas)
		rows = append(rows, got...)
		return err
	}
	proxied := func(replicas []*Replica) ([]Row, error) {
		p, err := StartHAProxy(ctx, replicas)
		if err != nil {
			return nil, err
		}
		defer p.Stop()
		var out []Row
		for _, s := range []struct{ setup, addr string }{{"L4 (HAProxy mode tcp), gRPC", p.L4GRPC}, {"L7 (HAProxy mode http, h2), gRPC", p.L7GRPC}} {
			conn, err := grpc.NewClient(s.addr, plain)
			if err != nil {
				return nil, err
			}
			out = append(out, Spread(ctx, s.setup, replicas, GRPC, lb.GRPCCall(conn), n))
			_ = conn.Close()
		}
		client := lb.RESTClient(Workers)
		defer client.CloseIdleConnections()
		out = append(out, Spread(ctx, "L4 (HAProxy mode tcp), REST HTTP/1.1", replicas, REST, lb.RESTCall(client, "http://"+p.L4REST), n))
		return out, nil
	}
	// A replica crashes behind HAProxy: for L7 replica-3, for L4 the replica
	// its connection is pinned to. (NOT_SERVING has no row here: HAProxy's
	// checks see it after about a second, longer than these calls take; the
	// test TestHAProxyLeavesOutANotServingReplica measures it.)
	proxiedDuring := func(name, frontend string, during func(*Replica)) func([]*Replica) ([]Row, error) {
		return func(replicas []*Replica) ([]Row, error) {
			p, err := StartHAProxy(ctx, replicas)
			if err != nil {
				return nil, err
			}
			defer p.Stop()
			addr := map[string]string{"L4": p.L4GRPC, "L7": p.L7GRPC}[frontend]
			conn, err := grpc.NewClient(addr, plain)
			if err != nil {
				return nil, err
			}
			defer conn.Close()
			call := lb.GRPCCall(conn)
			first := Spread(ctx, "", replicas, GRPC, call, 30) // connected; for L4, to which replica
			victim := replicas[2]
			if frontend == "L4" {
				victim = replicas[slices.IndexFunc(first.Calls, func(n int64) bool { return n > 0 })]
			}
			call, stopped := StopDuring(call, n/5, func() { during(victim) })
			row := Spread(ctx, name, replicas, GRPC, call, n)
			<-stopped
			return []Row{row}, nil
		}
	}
	for _, setup := range []func([]*Replica) ([]Row, error){
		proxied,
		proxiedDuring("L7 (HAProxy), replica-3 crashes after a fifth", "L7", func(r *Replica) { r.Stop() }),
		proxiedDuring("L4 (HAProxy), its replica crashes after a fifth", "L4", func(r *Replica) { r.Stop() }),
	} {
		if err := each(setup); errors.Is(err, ErrNoHAProxy) {
			missing = err
			break
		} else if err != nil {
			return nil, nil, err
		}
	}

	balanced := func(name string, during func(*Replica)) func([]*Replica) ([]Row, error) {
		return func(replicas []*Replica) ([]Row, error) {
			var addrs []string
			for _, r := range replicas {
				addrs = append(addrs, r.GRPCAddr)
			}
			conn, err := lb.Dial(addrs, plain)
			if err != nil {
				return nil, err
			}
			defer conn.Close()
			call := lb.GRPCCall(conn)
			if err := Warm(ctx, replicas, GRPC, call); err != nil {
				return nil, err
			}
			if during == nil {
				return []Row{Spread(ctx, name, replicas, GRPC, call, n)}, nil
			}
			call, stopped := StopDuring(call, n/5, func() { during(replicas[2]) })
			row := Spread(ctx, name, replicas, GRPC, call, n)
			<-stopped
			return []Row{row}, nil
		}
	}
	for _, s := range []struct {
		name   string
		during func(*Replica)
	}{
		{"client-side round_robin", nil},
		{"round_robin, replica-3 NOT_SERVING after a fifth", func(r *Replica) { r.SetServing(false) }},
		{"round_robin, replica-3 stops gracefully after a fifth", func(r *Replica) { r.GracefulStop(ctx) }},
		{"round_robin, replica-3 crashes after a fifth", func(r *Replica) { r.Stop() }},
	} {
		if err := each(balanced(s.name, s.during)); err != nil {
			return nil, nil, err
		}
	}
	return rows, missing, nil
}
