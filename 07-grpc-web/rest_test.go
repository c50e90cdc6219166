package grpcweb

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The REST routes are in the contract: google.api.http options on the
// methods of 01-proto's .proto, compiled into the Go descriptors the
// transcoder reads. No Go code in this step names a route.
func TestRESTRoutesAreInTheContract(t *testing.T) {
	methods := pb.File_ecommerce_v1_product_service_proto.Services().ByName("ProductService").Methods()
	get := func(name protoreflect.Name) string {
		md := methods.ByName(name)
		require.NotNil(t, md, name)
		rule, _ := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
		if rule == nil {
			return "" // no google.api.http option
		}
		return rule.GetGet()
	}
	assert.Equal(t, "/v1/products/{product_id}", get("GetProduct"))
	assert.Equal(t, "/v1/products", get("ListProducts"))
	// Client and bidi streams have no REST route: vanguard cannot serve them
	// (see the comments in the .proto).
	for _, name := range []protoreflect.Name{"UploadProducts", "ProductUpdates"} {
		md := methods.ByName(name)
		assert.False(t, proto.HasExtension(md.Options(), annotations.E_Http), "%s has a REST route", name)
	}
}

// ListProducts has a route in the contract, but it is a server stream, and
// vanguard v0.4 streams over REST only google.api.HttpBody responses: it
// answers 415, not a JSON array. If this test fails after a vanguard
// upgrade, vanguard has learned REST streams: update the README.
func TestRESTListProducts(t *testing.T) {
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

	status, body := get("/v1/products?category=books&page_size=2")
	assert.Equal(t, http.StatusUnsupportedMediaType, status, body)
	assert.Contains(t, body, "stream type server not supported with REST protocol")

	// precheck reads the same routes: a query parameter that is no field of
	// ListProductsRequest is the client's mistake, 400.
	status, body = get("/v1/products?colour=red")
	assert.Equal(t, http.StatusBadRequest, status, body)
	assert.Contains(t, body, `unknown query parameter \"colour\"`)

	// UploadProducts has no route: POST /v1/products is not a method here.
	req, err := http.NewRequestWithContext(testCtx(t), http.MethodPost, base+"/v1/products", strings.NewReader(`{"id":"new-1"}`))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpClient(t).Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, string(b))
}

// HEAD works wherever GET does (RFC 9110): the same status and headers, no
// body. vanguard alone answers 405.
func TestRESTHead(t *testing.T) {
	base := startServer(t)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/v1/products/prod-001", http.StatusOK},
		{"/v1/products/prod-999", http.StatusNotFound},
	} {
		// The GET first: what the HEAD must match (and, on a stub, why not).
		get, body := restCall(t, http.MethodGet, base+tc.path)
		require.Equal(t, tc.status, get.StatusCode, "GET %s: %s", tc.path, body)

		head, body := restCall(t, http.MethodHead, base+tc.path)
		assert.Equal(t, tc.status, head.StatusCode, "HEAD %s", tc.path)
		assert.Equal(t, "application/json", head.Header.Get("Content-Type"), tc.path)
		assert.Empty(t, body, "a HEAD answer has no body")
	}
}

// restCall makes one request with the token and returns its answer, the
// body read and closed.
func restCall(t *testing.T, method, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(testCtx(t), method, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := httpClient(t).Do(req)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

// URIs RFC 3986 calls equivalent get the same answer (06's TestEquivalentPathsAnswerAlike).
func TestRESTEquivalentPaths(t *testing.T) {
	base := startServer(t)
	for _, path := range []string{"/v1/products/prod-001", "/v1/products/prod%2D001", "/v1/%70roducts/prod-001"} {
		resp, body := restCall(t, http.MethodGet, base+path)
		assert.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", path, body)
		assert.Contains(t, body, `"id":"prod-001"`, path)
	}
}
