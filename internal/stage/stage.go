// Package stage builds the gRPC server steps 03 to 07 run: step 02's
// interceptors, the step's ProductService, health and reflection. Step 02
// writes each piece in its own folder (it holds step 02's solutions: do not
// open it before you finish 02); later steps reuse it so their own code is
// only what they teach.
package stage

import (
	"log/slog"

	"google.golang.org/grpc"
	// Registers gzip: a client that sends grpc-encoding: gzip gets its
	// answers compressed the same way (03's compression lesson). Without
	// it, such a call fails with Unimplemented.
	_ "google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
	"github.com/grpcvsrest/workshop/internal/limits"
)

// Config is what a server needs besides its service.
type Config struct {
	Token  string       // the bearer token clients must send
	Logger *slog.Logger // where the logging interceptors write; nil means slog.Default()
	// NoReflection leaves server reflection out. Reflection lists every
	// service and message to anyone who asks (it is public: grpcurl sends no
	// token); turn it off where the API's shape is not for strangers, e.g. a
	// server on the open internet.
	NoReflection bool
}

// NewServer builds a gRPC server serving svc. extra options come last; tests
// use them to add interceptors, which then run innermost, right around the
// handler.
func NewServer(svc pb.ProductServiceServer, cfg Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	opts := append(limits.GRPC(), // streams and metadata per connection (step 02's README, "Limits")
		// Outermost first: logging sees the final code, including the
		// Internal that recovery makes of a panic and the Unauthenticated
		// that auth returns.
		grpc.ChainUnaryInterceptor(
			interceptor.UnaryLogging(log),
			interceptor.UnaryRecovery(log),
			interceptor.UnaryAuth(cfg.Token),
		),
		grpc.ChainStreamInterceptor(
			interceptor.StreamLogging(log),
			interceptor.StreamRecovery(log),
			interceptor.StreamAuth(cfg.Token),
		),
	)
	opts = append(opts, extra...)
	srv := grpc.NewServer(opts...)
	pb.RegisterProductServiceServer(srv, svc)

	// Health: the standard grpc.health.v1 service that load balancers,
	// Kubernetes and grpcurl know. "" is the server as a whole.
	hs := health.NewServer()
	hs.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	hs.SetServingStatus(pb.ProductService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	healthpb.RegisterHealthServer(srv, hs)

	// Reflection lets grpcurl and Postman discover the API without the .proto.
	if !cfg.NoReflection {
		reflection.Register(srv)
	}
	return srv, hs
}
