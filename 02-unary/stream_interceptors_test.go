package unary

import (
	"context"
	_ "embed"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for the stretch exercise in stream_interceptors.go. Step 02 has
// no stream RPC of its own: ListProducts answers Unimplemented, but only
// after the interceptors ran, which is all these tests need.

//go:embed stream_interceptors.go
var streamSource []byte

const todoStream = "TODO(02): write StreamAuth and StreamLogging in 02-unary/stream_interceptors.go -- see 02-unary/README.md#stretch-the-stream-interceptors"

func TestStreamAuth(t *testing.T) {
	cases := []struct {
		name string
		md   []string
		want codes.Code
	}{
		{"no metadata", nil, codes.Unauthenticated},
		{"wrong token", []string{"authorization", "Bearer nope"}, codes.Unauthenticated},
		{"token with something after it", []string{"authorization", "Bearer " + testToken + "x"}, codes.Unauthenticated},
		{"the start of the token", []string{"authorization", "Bearer " + testToken[:4]}, codes.Unauthenticated},
		{"not a bearer token", []string{"authorization", "Basic " + testToken}, codes.Unauthenticated},
		{"token without scheme", []string{"authorization", testToken}, codes.Unauthenticated},
		{"a space after the token", []string{"authorization", "Bearer " + testToken + " "}, codes.Unauthenticated},
		{"right token", []string{"authorization", "Bearer " + testToken}, codes.Unimplemented},
	}
	s := startServer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
			defer cancel()
			stream, err := s.client.ListProducts(metadata.AppendToOutgoingContext(ctx, tc.md...), &pb.ListProductsRequest{})
			require.NoError(t, err)
			_, err = stream.Recv()
			assert.Equal(t, tc.want.String(), status.Code(err).String(), "%s\ngot: %v", todoStream, err)
			assert.NotContains(t, status.Convert(err).Message(), testToken, "the error must not echo the token")
		})
	}
}

// Reflection is a stream RPC, and public: grpcurl sends no token.
func TestReflectionNeedsNoToken(t *testing.T) {
	s := startServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	stream, err := reflectionpb.NewServerReflectionClient(s.conn).ServerReflectionInfo(ctx)
	require.NoError(t, err)
	require.NoError(t, stream.Send(&reflectionpb.ServerReflectionRequest{
		MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{},
	}))
	resp, err := stream.Recv()
	require.NoError(t, err, "reflection must stay public (see public in interceptors.go)")
	require.NoError(t, stream.CloseSend())

	var names []string
	for _, svc := range resp.GetListServicesResponse().GetService() {
		names = append(names, svc.GetName())
	}
	assert.Contains(t, names, "ecommerce.v1.ProductService")
	assert.Contains(t, names, "grpc.health.v1.Health")
}

// A refused stream never reaches its handler.
func TestStreamAuthStopsBeforeTheHandler(t *testing.T) {
	var ran atomic.Int32
	count := grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		ran.Add(1)
		return h(srv, ss)
	})
	s := startServer(t, count)
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	stream, err := s.client.ListProducts(ctx, &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, err = stream.Recv()

	assert.Equal(t, codes.Unauthenticated.String(), status.Code(err).String(), "%s\ngot: %v", todoStream, err)
	assert.Zero(t, ran.Load(), "the handler ran for a stream without a token")
}

// The stream check compares in constant time too.
func TestStreamAuthComparesInConstantTime(t *testing.T) {
	calls, plain := readComparisons(t, "stream_interceptors.go", streamSource)
	// A helper of yours (one auth.go defines, say) may do the comparing.
	shared := false
	for name := range calls {
		shared = shared || !strings.Contains(name, ".") && name != "public" && name != "handler" && name != "logCall" && name != "len" && name != "append"
	}
	assert.True(t, calls["subtle.ConstantTimeCompare"] || calls["hmac.Equal"] || shared,
		"%s\nStreamAuth neither compares in constant time nor calls a helper that does", todoStream)
	assert.False(t, plain, "stream_interceptors.go compares token with == or !=")
}

func TestStreamLogging(t *testing.T) {
	s := startServer(t)
	stream, err := s.client.ListProducts(authCtx(t), &pb.ListProductsRequest{})
	require.NoError(t, err)
	_, err = stream.Recv() // the stream has ended (Unimplemented), so its line is written
	require.Error(t, err)

	var entry struct{ Msg, Kind, Method, Code string }
	lines := 0
	for _, line := range strings.Split(strings.TrimSpace(s.logs.String()), "\n") {
		if line == "" {
			continue
		}
		var e struct{ Msg, Kind, Method, Code string }
		require.NoError(t, json.Unmarshal([]byte(line), &e), line)
		if e.Msg == "grpc call" && e.Kind == "stream" {
			entry = e
			lines++
		}
	}
	require.Equal(t, "stream", entry.Kind, "%s\nno \"grpc call\" line with kind stream in the log:\n%s", todoStream, s.logs.String())
	assert.Equal(t, "/ecommerce.v1.ProductService/ListProducts", entry.Method)
	assert.Equal(t, "Unimplemented", entry.Code, "the line carries the stream's final code")
	assert.Equal(t, 1, lines, "one line per stream, when it ends")
}
