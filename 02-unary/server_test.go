package unary

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// These tests check the code given in this step (interceptors, health,
// reflection). They pass before you write GetProduct.

func TestAuth(t *testing.T) {
	cases := []struct {
		name string
		md   []string // outgoing metadata key/value pairs
		want codes.Code
	}{
		{"no metadata", nil, codes.Unauthenticated},
		{"wrong token", []string{"authorization", "Bearer nope"}, codes.Unauthenticated},
		{"not a bearer token", []string{"authorization", "Basic " + testToken}, codes.Unauthenticated},
		{"token without scheme", []string{"authorization", testToken}, codes.Unauthenticated},
		{"right token", []string{"authorization", "Bearer " + testToken}, codes.OK},
	}
	s := startServer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
			defer cancel()
			ctx = metadata.AppendToOutgoingContext(ctx, tc.md...)

			_, unaryErr := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
			stream, err := s.client.ListProducts(ctx, &pb.ListProductsRequest{})
			require.NoError(t, err)
			_, streamErr := stream.Recv()

			for kind, err := range map[string]error{"unary": unaryErr, "stream": streamErr} {
				if tc.want == codes.Unauthenticated {
					assertCode(t, codes.Unauthenticated, err, kind)
				} else {
					// Past auth, the handler answers (whatever it answers).
					assert.NotEqual(t, codes.Unauthenticated, status.Code(err), "%s: %v", kind, err)
				}
			}
		})
	}
}

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

func TestLoggingInterceptorsLogUnaryAndStreamCalls(t *testing.T) {
	s := startServer(t)
	ctx := authCtx(t)

	_, _ = s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})
	stream, err := s.client.ListProducts(ctx, &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, _ = stream.Recv() // the stream has ended, so its log line is written

	seen := map[string]string{} // kind -> method
	for _, line := range strings.Split(strings.TrimSpace(s.logs.String()), "\n") {
		var entry struct{ Msg, Kind, Method, Code string }
		require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
		if entry.Msg == "grpc call" {
			seen[entry.Kind] = entry.Method
			assert.NotEmpty(t, entry.Code)
		}
	}
	assert.Equal(t, "/ecommerce.v1.ProductService/GetProduct", seen["unary"])
	assert.Equal(t, "/ecommerce.v1.ProductService/ListProducts", seen["stream"],
		"the guide registered loggingStreamInterceptor but never wrote it; ours must log streams")
}

func TestHealthNeedsNoToken(t *testing.T) {
	s := startServer(t)
	for _, service := range []string{"", "ecommerce.v1.ProductService"} {
		ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
		resp, err := healthpb.NewHealthClient(s.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
		cancel()
		require.NoError(t, err, "service %q", service)
		assert.Equal(t, healthpb.HealthCheckResponse_SERVING, resp.GetStatus())
	}
}

func TestReflectionListsTheService(t *testing.T) {
	s := startServer(t)
	stream, err := reflectionpb.NewServerReflectionClient(s.conn).ServerReflectionInfo(authCtx(t))
	require.NoError(t, err)
	require.NoError(t, stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{},
	}))
	resp, err := stream.Recv()
	require.NoError(t, err)
	require.NoError(t, stream.CloseSend())

	var names []string
	for _, svc := range resp.GetListServicesResponse().GetService() {
		names = append(names, svc.GetName())
	}
	assert.Contains(t, names, "ecommerce.v1.ProductService")
	assert.Contains(t, names, "grpc.health.v1.Health")
}
