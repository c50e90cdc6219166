package unary

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// These tests check the code given in this step (recovery, logging of unary
// calls, health). They pass before you write anything.

func TestRecoveryTurnsPanicsIntoInternal(t *testing.T) {
	panicky := []grpc.ServerOption{
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			if r, ok := req.(*pb.GetProductRequest); ok && r.GetProductId() == "boom" {
				var p *pb.Product
				_ = p.Name // a nil pointer dereference, as in a real bug
			}
			return h(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			panic("stream handler exploded")
		}),
	}
	s := startServer(t, panicky...)
	ctx := authCtx(t)

	_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "boom"})
	assertCode(t, codes.Internal, err, "unary")
	assert.Equal(t, "internal error", status.Convert(err).Message(), "no panic text leaks to the client")

	stream, err := s.client.ListProducts(ctx, &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, err = stream.Recv()
	assertCode(t, codes.Internal, err, "stream")

	// The server lives on.
	resp, err := healthpb.NewHealthClient(s.conn).Check(ctx, &healthpb.HealthCheckRequest{})
	require.NoError(t, err)
	assert.Equal(t, healthpb.HealthCheckResponse_SERVING, resp.GetStatus())
	assert.Contains(t, s.logs.String(), "panic in handler", "the panic is logged for the operator")
}

func TestUnaryLogging(t *testing.T) {
	s := startServer(t)
	_, _ = s.client.GetProduct(authCtx(t), &pb.GetProductRequest{ProductId: "prod-001"})

	seen := false
	for _, line := range strings.Split(strings.TrimSpace(s.logs.String()), "\n") {
		var entry struct{ Msg, Kind, Method, Code string }
		require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
		if entry.Msg == "grpc call" && entry.Kind == "unary" {
			seen = true
			assert.Equal(t, "/ecommerce.v1.ProductService/GetProduct", entry.Method)
			assert.NotEmpty(t, entry.Code)
		}
	}
	assert.True(t, seen, "no unary log line:\n%s", s.logs.String())
}

// Config.NoReflection (the server's -reflection=false) leaves reflection out.
func TestReflectionCanBeTurnedOff(t *testing.T) {
	srv, _ := NewServer(catalog.Seeded(), Config{Token: testToken, Logger: slog.New(slog.DiscardHandler), NoReflection: true})
	conn := grpctest.Dial(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	require.NoError(t, err)
	_ = stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}})
	_, err = stream.Recv()
	assert.Equal(t, codes.Unimplemented, status.Code(err), "reflection is off: %v", err)
}

// The server caps what one connection may ask: 100 calls open at once, 64
// KiB of metadata a request (the README's "Limits"). internal/limits' test
// shows a server with them refusing a 1 MiB header, 10,000 headers, an
// HPACK bomb and a 101st stream, all of which grpc-go's defaults serve.
func TestServerSetsLimits(t *testing.T) {
	srv, _ := NewServer(catalog.Seeded(), Config{Token: testToken, Logger: slog.New(slog.DiscardHandler)})
	grpctest.AssertLimits(t, srv)
}
