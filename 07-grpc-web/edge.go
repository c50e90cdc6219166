package grpcweb

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"regexp"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	invpb "github.com/grpcvsrest/workshop/01-proto/inventory/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/reference"
)

// The hybrid picture (given; the stretch exercise is hop.go): REST and
// gRPC-Web at the edge, gRPC inside. The edge is a ProductService whose
// GetProduct asks a second service, the inventory, how many are in stock.
//
//	browser, curl ──REST, gRPC-Web, gRPC──▶ edge: ProductService ──gRPC──▶ inventory: InventoryService
//
// The edge knows who calls (a bearer token names a caller) and which request
// this is (x-request-id); the hop, StockFor, is what passes that on.

const (
	RequestIDHeader = "x-request-id" // the client's, if sound; else the edge makes one
	CallerHeader    = "x-caller"     // who the edge is calling for, on the hop only
)

// HopBudget is the most time one inventory call may take: the edge has a
// page to render, and would rather answer DeadlineExceeded (a 504 over
// REST) at once than hold its caller on a hung inventory.
const HopBudget = 500 * time.Millisecond

// Edge is the edge's ProductService: the catalog's answers, with the stock
// from the inventory service.
type Edge struct {
	pb.ProductServiceServer // ListProducts and the rest, unchanged
	Inventory               invpb.InventoryServiceClient
}

// GetProduct is the catalog's product with the inventory's stock in it.
func (e Edge) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	p, err := e.ProductServiceServer.GetProduct(ctx, req)
	if err != nil {
		return nil, err
	}
	n, err := StockFor(ctx, e.Inventory, p.GetId()) // hop.go: the exercise
	if err != nil {
		return nil, err
	}
	p.StockQuantity = n
	return p, nil
}

// EdgeConfig is what the edge needs besides its store and the inventory.
type EdgeConfig struct {
	// Callers maps each bearer token to the name of the caller holding it,
	// e.g. "web-shop". A call without a known token is Unauthenticated.
	Callers map[string]string
	// Tracing receives the edge's server spans; nil makes none.
	Tracing trace.TracerProvider
}

// NewEdgeServer is the edge as a *grpc.Server (serve it as it is for gRPC,
// or behind NewAPIHandler for REST and gRPC-Web, as cmd/hop does).
func NewEdgeServer(store *catalog.Store, inventory invpb.InventoryServiceClient, cfg EdgeConfig) *grpc.Server {
	opts := []grpc.ServerOption{grpc.ChainUnaryInterceptor(identify(cfg.Callers))}
	if cfg.Tracing != nil {
		opts = append(opts, TraceServer(cfg.Tracing))
	}
	srv := grpc.NewServer(opts...)
	pb.RegisterProductServiceServer(srv, Edge{ProductServiceServer: &reference.Service{Store: store}, Inventory: inventory})
	return srv
}

// TraceServer is 02's Observe, for spans only: every call the server
// handles is a span of tp, joined to the caller's trace by the W3C trace
// context in its metadata (traceparent). It uses the tp and the propagator it
// is given, not the global ones, so two servers in one process (or in one
// test) keep apart.
func TraceServer(tp trace.TracerProvider) grpc.ServerOption {
	return grpc.StatsHandler(otelgrpc.NewServerHandler(
		otelgrpc.WithTracerProvider(tp), otelgrpc.WithPropagators(propagation.TraceContext{})))
}

// identify is the edge's front door: it names the request (x-request-id,
// sent back in the response's header) and the caller (from the bearer
// token), and puts both in the context for the handler.
func identify(callers map[string]string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		md, _ := metadata.FromIncomingContext(ctx)
		id := first(md.Get(RequestIDHeader))
		if !soundID.MatchString(id) { // it ends up in logs: only ids we can read safely
			id = newID()
		}
		_ = grpc.SetHeader(ctx, metadata.Pairs(RequestIDHeader, id))
		token, ok := strings.CutPrefix(first(md.Get("authorization")), "Bearer ")
		caller := ""
		for t, name := range callers { // constant-time compares: no timing hints about tokens
			if ok && subtle.ConstantTimeCompare([]byte(token), []byte(t)) == 1 {
				caller = name
			}
		}
		if caller == "" {
			return nil, status.Error(codes.Unauthenticated, `missing or unknown "authorization: Bearer <token>"`)
		}
		return handler(WithCaller(WithRequestID(ctx, id), caller), req)
	}
}

var soundID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

type requestIDKey struct{}
type callerKey struct{}

// WithRequestID returns ctx carrying the call's request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request id the edge gave this call, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithCaller returns ctx carrying the name of the authenticated caller.
func WithCaller(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, callerKey{}, name)
}

// CallerFrom returns the name of the caller the edge authenticated, or "".
func CallerFrom(ctx context.Context) string {
	name, _ := ctx.Value(callerKey{}).(string)
	return name
}
