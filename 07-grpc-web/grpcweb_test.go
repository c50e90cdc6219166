package grpcweb

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
)

// The tests for the exercise in grpcweb.go, from Go: a connect-go client
// speaks gRPC-Web exactly as the browser's connect-web does.
// Run: go test ./07-grpc-web/...

func getProductClient(t *testing.T, base string, opts ...connect.ClientOption) *connect.Client[pb.GetProductRequest, pb.Product] {
	return connect.NewClient[pb.GetProductRequest, pb.Product](httpClient(t),
		base+pb.ProductService_GetProduct_FullMethodName, opts...)
}

func withToken[T any](msg *T) *connect.Request[T] {
	req := connect.NewRequest(msg)
	req.Header().Set("Authorization", "Bearer "+testToken)
	return req
}

func TestGRPCWebUnary(t *testing.T) {
	base := startServer(t)
	client := getProductClient(t, base, connect.WithGRPCWeb())

	resp, err := client.CallUnary(testCtx(t), withToken(&pb.GetProductRequest{ProductId: "prod-001"}))

	require.NoError(t, err)
	assert.Equal(t, "The Go Programming Language", resp.Msg.GetName())

	_, err = client.CallUnary(testCtx(t), withToken(&pb.GetProductRequest{ProductId: "prod-999"}))
	assert.Equal(t, connect.CodeNotFound.String(), connect.CodeOf(err).String(), "err: %v", err)
	assert.Contains(t, err.Error(), `"prod-999" not found`, "the server's message reaches the client")

	_, err = client.CallUnary(testCtx(t), connect.NewRequest(&pb.GetProductRequest{ProductId: "prod-001"}))
	assert.Equal(t, connect.CodeUnauthenticated.String(), connect.CodeOf(err).String(), "the gRPC interceptors still run: %v", err)
}

func TestGRPCWebServerStream(t *testing.T) {
	base := startServer(t)
	client := connect.NewClient[pb.ListProductsRequest, pb.ListProductsResponse](httpClient(t),
		base+pb.ProductService_ListProducts_FullMethodName, connect.WithGRPCWeb())

	stream, err := client.CallServerStream(testCtx(t), withToken(&pb.ListProductsRequest{Category: "toys"}))
	require.NoError(t, err)
	defer stream.Close()
	var ids []string
	for stream.Receive() {
		ids = append(ids, stream.Msg().GetProduct().GetId())
	}
	require.NoError(t, stream.Err())
	assert.Equal(t, []string{"prod-031", "prod-032", "prod-033", "prod-034", "prod-035", "prod-036"}, ids)
}

// The same handler answers Connect and native gRPC (HTTP/2 without TLS) too.
func TestConnectAndGRPCOnTheSamePort(t *testing.T) {
	base := startServer(t)

	resp, err := getProductClient(t, base).CallUnary(testCtx(t), withToken(&pb.GetProductRequest{ProductId: "prod-002"}))
	require.NoError(t, err, "Connect protocol")
	assert.Equal(t, "prod-002", resp.Msg.GetId())

	conn, err := grpc.NewClient(strings.TrimPrefix(base, "http://"), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	p, err := pb.NewProductServiceClient(conn).GetProduct(interceptor.WithToken(testCtx(t), testToken), &pb.GetProductRequest{ProductId: "prod-003"})
	require.NoError(t, err, "native gRPC")
	assert.Equal(t, "prod-003", p.GetId())

	// Reflection answers through the same port, so grpcurl works here too.
	refl, err := reflectionpb.NewServerReflectionClient(conn).ServerReflectionInfo(testCtx(t))
	require.NoError(t, err)
	require.NoError(t, refl.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}))
	listed, err := refl.Recv()
	require.NoError(t, err, "reflection")
	require.NoError(t, refl.CloseSend())
	var names []string
	for _, s := range listed.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	assert.Contains(t, names, "ecommerce.v1.ProductService")
}

// The hybrid approach: GET /v1/products/{id} is GetProduct as REST/JSON,
// transcoded in process from the route in the contract (google.api.http).
func TestRESTThroughTheTranscoder(t *testing.T) {
	base := startServer(t)
	get := func(path string) (int, string) {
		req, err := http.NewRequestWithContext(testCtx(t), http.MethodGet, base+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := httpClient(t).Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}

	status, body := get("/v1/products/prod-001")
	require.Equal(t, http.StatusOK, status, body)
	var p pb.Product
	require.NoError(t, protojson.Unmarshal([]byte(body), &p), body)
	assert.Equal(t, "The Go Programming Language", p.GetName())

	status, body = get("/v1/products/prod-999")
	assert.Equal(t, http.StatusNotFound, status, body)
	assert.Contains(t, body, "not found")
}

// pageHeaders are the headers the page's gRPC-Web calls send.
const pageHeaders = "authorization,content-type,x-grpc-web,x-user-agent"

func preflight(t *testing.T, base, origin string) (http.Header, string) {
	return preflightWith(t, base, origin, pageHeaders)
}

func preflightWith(t *testing.T, base, origin, headers string) (http.Header, string) {
	req, err := http.NewRequestWithContext(testCtx(t), http.MethodOptions, base+pb.ProductService_GetProduct_FullMethodName, nil)
	require.NoError(t, err)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	req.Header.Set("Access-Control-Request-Headers", headers)
	resp, err := httpClient(t).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.Header, resp.Status + " " + string(body)
}

// The methods a page on an allowed origin may use: POST (gRPC-Web, Connect
// calls) and GET (Connect's GET for calls without side effects, and the
// REST routes), each asked for in a preflight of its own.
func TestCORSAllowsTheMethodsPagesUse(t *testing.T) {
	const allowed = "http://app.example.com:8080"
	base := startServer(t, allowed)
	for _, tc := range []struct{ path, method string }{
		{pb.ProductService_GetProduct_FullMethodName, http.MethodPost},
		{pb.ProductService_GetProduct_FullMethodName, http.MethodGet},
		{"/v1/products/prod-001", http.MethodGet},
	} {
		req, err := http.NewRequestWithContext(testCtx(t), http.MethodOptions, base+tc.path, nil)
		require.NoError(t, err)
		req.Header.Set("Origin", allowed)
		req.Header.Set("Access-Control-Request-Method", tc.method)
		req.Header.Set("Access-Control-Request-Headers", "authorization")
		resp, err := httpClient(t).Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, allowed, resp.Header.Get("Access-Control-Allow-Origin"),
			"a preflight for %s %s from an allowed origin is answered (the methods gRPC-Web and Connect send: POST, and GET); got %s", tc.method, tc.path, resp.Status)
	}
	// A Connect client's headers, besides gRPC-Web's.
	h, answer := preflightWith(t, base, allowed, "authorization,connect-protocol-version,connect-timeout-ms,content-type") // sorted, as browsers send it
	assert.Equal(t, allowed, h.Get("Access-Control-Allow-Origin"),
		"a preflight for a Connect call (Connect-Protocol-Version, Connect-Timeout-Ms) is answered: allow the headers Connect sends too; got %s", answer)
}

// CORS: an allowed origin gets its own origin back, the headers gRPC-Web
// sends, and the grpc-* headers exposed; any other origin gets no CORS
// headers at all, so the browser refuses the call.
func TestCORS(t *testing.T) {
	const allowed, other = "http://app.example.com:8080", "http://evil.example.com"
	base := startServer(t, allowed)

	requirePreflight(t, base, allowed)
	h, _ := preflight(t, base, allowed)
	allowHeaders := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
	for _, want := range []string{"authorization", "content-type", "x-grpc-web"} {
		assert.Contains(t, allowHeaders, want)
	}
	assert.NotEmpty(t, h.Get("Access-Control-Max-Age"), "the preflight's answer has an Access-Control-Max-Age, so the browser does not ask before every call")

	h, _ = preflight(t, base, other)
	assert.Empty(t, h.Get("Access-Control-Allow-Origin"), "a disallowed origin gets no CORS headers: %v", h)
	assert.Empty(t, h.Get("Access-Control-Allow-Headers"))

	// No allowlist at all means no other origin (rs/cors alone would read an
	// empty list as "all").
	h, _ = preflight(t, startServer(t), other)
	assert.Empty(t, h.Get("Access-Control-Allow-Origin"), "without -allow-origin nobody else may call: %v", h)

	// The real call from the allowed origin: its script may read grpc-status.
	client := getProductClient(t, base, connect.WithGRPCWeb())
	req := withToken(&pb.GetProductRequest{ProductId: "prod-001"})
	req.Header().Set("Origin", allowed)
	resp, err := client.CallUnary(testCtx(t), req)
	require.NoError(t, err)
	exposed := strings.ToLower(resp.Header().Get("Access-Control-Expose-Headers"))
	for _, want := range []string{"grpc-status", "grpc-message", "grpc-status-details-bin"} {
		assert.Contains(t, exposed, want)
	}
}

// requirePreflight fails, naming the cause, when the page's preflight from
// origin is refused: the origin itself, or a header the page sends that the
// CORS options do not allow (rs/cors then refuses the whole preflight, which
// otherwise reads as "wrong origin").
func requirePreflight(t *testing.T, base, origin string) {
	t.Helper()
	h, answer := preflight(t, base, origin)
	if h.Get("Access-Control-Allow-Origin") == origin {
		return
	}
	var refused []string
	for _, header := range strings.Split(pageHeaders, ",") {
		if h, _ := preflightWith(t, base, origin, header); h.Get("Access-Control-Allow-Origin") != origin {
			refused = append(refused, header)
		}
	}
	if len(refused) > 0 && len(refused) < len(strings.Split(pageHeaders, ",")) {
		t.Fatalf("the preflight from %s is refused because these headers are not allowed: %s (AllowedHeaders)", origin, strings.Join(refused, ", "))
	}
	t.Fatalf("the preflight from %s is refused (is the origin allowed?): %s %v", origin, answer, h)
}

func TestConfigRefusesWildcardOrigins(t *testing.T) {
	for _, bad := range []string{"*", "example.com", "http://", "ftp://example.com", "http://example.com/path"} {
		_, err := NewServer(nil, Config{AllowedOrigins: []string{bad}})
		assert.Error(t, err, bad)
	}
}
