// Package lb is the operations side of gRPC vs REST: the same API on three
// replicas, and three ways to spread calls over them (a connection-level
// balancer, grpc-go's own round_robin, a proxy that balances each call), with
// the calls each replica got counted.
package lb

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/reference"
	"github.com/grpcvsrest/workshop/internal/serve"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// Token is the bearer token every replica expects.
const Token = "lb-token"

// ProductID is a product every replica has: they all serve the same catalogue,
// as replicas behind one name do (here each has its own copy).
const ProductID = "lb-0000007"

// Replica is one server of the API: the stage gRPC server and the REST API,
// each on its own port, counting the GetProduct calls it answers.
type Replica struct {
	Name     string
	GRPCAddr string
	RESTAddr string
	Health   *health.Server // flip it to take the replica out of a health-checking balancer

	grpcCalls, restCalls atomic.Int64
	grpcSrv              *grpc.Server
	httpSrv              *http.Server
	done                 chan struct{} // closed when both servers have returned
}

// GRPCCalls and RESTCalls are how many GetProduct calls it has answered.
func (r *Replica) GRPCCalls() int64 { return r.grpcCalls.Load() }
func (r *Replica) RESTCalls() int64 { return r.restCalls.Load() }

// SetServing says whether ProductService is SERVING or NOT_SERVING in the
// replica's grpc.health.v1 service: the one switch a health-checking
// client or proxy watches.
func (r *Replica) SetServing(ok bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if ok {
		st = healthpb.HealthCheckResponse_SERVING
	}
	r.Health.SetServingStatus(pb.ProductService_ServiceDesc.ServiceName, st)
}

// Stop stops both servers now, as a crash would: open connections are cut.
func (r *Replica) Stop() {
	r.grpcSrv.Stop()
	_ = r.httpSrv.Close()
	<-r.done
}

// GracefulStop stops as a deploy does: new calls are refused (HTTP/2
// GOAWAY), calls in flight finish.
func (r *Replica) GracefulStop(ctx context.Context) {
	r.grpcSrv.GracefulStop()
	_ = r.httpSrv.Shutdown(ctx)
	<-r.done
}

// counted answers GetProduct like the reference service, and counts it.
type counted struct {
	pb.ProductServiceServer
	calls *atomic.Int64
}

func (c counted) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	c.calls.Add(1)
	return c.ProductServiceServer.GetProduct(ctx, req)
}

// StartReplicas starts n replicas on 127.0.0.1, on ports of their own.
// stop stops those still running.
func StartReplicas(n int) (replicas []*Replica, stop func(), err error) {
	stop = func() {
		for _, r := range replicas {
			select {
			case <-r.done:
			default:
				r.Stop()
			}
		}
	}
	for i := range n {
		r, err := startReplica(fmt.Sprintf("replica-%d", i+1))
		if err != nil {
			stop()
			return nil, nil, err
		}
		replicas = append(replicas, r)
	}
	return replicas, stop, nil
}

func startReplica(name string) (*Replica, error) {
	store := catalog.New()
	if _, err := store.CreateAll(catalog.Generate("lb", 10)); err != nil {
		return nil, err
	}
	r := &Replica{Name: name, done: make(chan struct{})}
	r.grpcSrv, r.Health = stage.NewServer(counted{&reference.Service{Store: store}, &r.grpcCalls},
		stage.Config{Token: Token, Logger: slog.New(slog.DiscardHandler)})

	api := rest.NewServer(store, rest.Config{Token: Token})
	r.httpSrv = serve.NewHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/products/"+ProductID {
			r.restCalls.Add(1)
		}
		api.ServeHTTP(w, req)
	}))

	gl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = gl.Close()
		return nil, err
	}
	r.GRPCAddr, r.RESTAddr = gl.Addr().String(), hl.Addr().String()
	var served atomic.Int32
	for _, serveOn := range []func(){
		func() { _ = r.grpcSrv.Serve(gl) },
		func() { _ = r.httpSrv.Serve(hl) },
	} {
		go func() {
			serveOn()
			if served.Add(1) == 2 {
				close(r.done)
			}
		}()
	}
	return r, nil
}
