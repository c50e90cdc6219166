// Package unary is step 02: a gRPC server with one unary call, GetProduct,
// and the things around it every real server needs: interceptors, a health
// service, reflection and a graceful stop (in cmd/server). The whole server
// is in this folder; later steps reuse the same pieces from internal/.
package unary

import (
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/limits"
)

// Service implements ProductService. Embedding the Unimplemented server makes
// the RPCs this step does not write answer codes.Unimplemented, and keeps the
// code compiling when the .proto gains an RPC.
type Service struct {
	pb.UnimplementedProductServiceServer
	store *catalog.Store
}

// Config is what a server needs besides its store.
type Config struct {
	Token  string       // the bearer token clients must send
	Logger *slog.Logger // where the logging interceptors write; nil means slog.Default()
	// NoReflection leaves server reflection out: it lists every service and
	// message to anyone who asks (it is public, so grpcurl works without a
	// token). Turn it off where the API's shape is not for strangers.
	NoReflection bool
}

// NewServer builds the step's gRPC server: interceptors, the service, health
// and reflection. extra options come last; tests use them to add
// interceptors, which then run innermost, right around the handler.
func NewServer(store *catalog.Store, cfg Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	opts := append([]grpc.ServerOption{
		// What one connection may ask. grpc-go's defaults are no limit on
		// the calls open at once and 16 MB of metadata a request, so one
		// client could open a million streams or send headers that an
		// HPACK block of 7 KB decodes to 12 MB. (Messages are already
		// capped: 4 MB, grpc.MaxRecvMsgSize.) The README's "Limits" table.
		grpc.MaxConcurrentStreams(limits.Streams),  // 100
		grpc.MaxHeaderListSize(limits.HeaderBytes), // 64 KiB
		// Outermost first: logging sees the final code, including the
		// Internal that recovery makes of a panic and the Unauthenticated
		// that auth returns.
		grpc.ChainUnaryInterceptor(
			RequestID(), // request_id.go: yours (stretch); first, so even a refusal carries the id
			UnaryLogging(log),
			UnaryRecovery(log),
			UnaryAuth(cfg.Token), // auth.go: yours to write
		),
		grpc.ChainStreamInterceptor(
			StreamLogging(log), // stream_interceptors.go: yours (stretch)
			StreamRecovery(log),
			StreamAuth(cfg.Token), // stream_interceptors.go: yours (stretch)
		),
	}, extra...)
	srv := grpc.NewServer(opts...)
	pb.RegisterProductServiceServer(srv, &Service{store: store})

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
