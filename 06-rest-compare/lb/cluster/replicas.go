// Package cluster is the server side of step 06's load-balancing lesson:
// three replicas that count their calls, HAProxy in front of them, and the
// measurement (calls per replica) with its table and chart. The client side
// is package lb, kept apart so that its imports are a client's alone.
package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/06-rest-compare/lb"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/interceptor"
	"github.com/grpcvsrest/workshop/internal/limits"
	"github.com/grpcvsrest/workshop/internal/reference"
)

// Replica is one server of the API: the gRPC server (with step 02's auth)
// and the REST API, each on its own port, counting the GetProduct calls it
// answers.
type Replica struct {
	Name     string
	GRPCAddr string
	RESTAddr string

	grpcCalls, restCalls atomic.Int64
	grpcSrv              *grpc.Server
	httpSrv              *http.Server
	health               *healthServer
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
	r.health.set(st)
}

// Stop stops both servers now, as a crash would: open connections are cut.
func (r *Replica) Stop() {
	close(r.health.shutdown)
	r.grpcSrv.Stop()
	_ = r.httpSrv.Close()
	<-r.done
}

// GracefulStop stops as a deploy does: new calls are refused (HTTP/2
// GOAWAY), calls in flight finish.
func (r *Replica) GracefulStop(ctx context.Context) {
	close(r.health.shutdown) // GracefulStop waits for every stream, Watch too
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
	r := &Replica{Name: name, done: make(chan struct{}), health: newHealthServer(pb.ProductService_ServiceDesc.ServiceName)}
	// Step 02's auth, as on the stage servers; health answers without a
	// token (the auth interceptor lets grpc.health.v1 through). Not
	// stage.NewServer, nor serve.NewHTTPServer below: both packages link
	// grpc-go's health package, and with it its client-side health checking
	// (see health.go).
	quiet := slog.New(slog.DiscardHandler)
	r.grpcSrv = grpc.NewServer(append(limits.GRPC(),
		grpc.ChainUnaryInterceptor(interceptor.UnaryRecovery(quiet), interceptor.UnaryAuth(lb.Token)),
		grpc.ChainStreamInterceptor(interceptor.StreamRecovery(quiet), interceptor.StreamAuth(lb.Token)))...)
	pb.RegisterProductServiceServer(r.grpcSrv, counted{&reference.Service{Store: store}, &r.grpcCalls})
	healthpb.RegisterHealthServer(r.grpcSrv, r.health)

	api := rest.NewServer(store, rest.Config{Token: lb.Token})
	r.httpSrv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path == "/products/"+lb.ProductID {
			r.restCalls.Add(1)
		}
		api.ServeHTTP(w, req)
	})}

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
