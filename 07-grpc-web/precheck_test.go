package grpcweb

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The bad-input suite of this stage's HTTP surface (REST, Connect,
// gRPC-Web): every client mistake gets the protocol's client-error answer,
// never a 5xx, and the server answers the next good call. These test given
// code (precheck.go), through the solved NewAPIHandler... and through yours:
// they pass once your handler does.

func frameOf(m proto.Message) []byte {
	b, _ := proto.Marshal(m)
	return flaggedFrame(0, b)
}

func TestClientMistakesAreNever5xx(t *testing.T) {
	base := startServer(t)
	get := pb.ProductService_GetProduct_FullMethodName
	list := pb.ProductService_ListProducts_FullMethodName
	one := frameOf(&pb.GetProductRequest{ProductId: "prod-001"})
	jsonFrame := func(s string) string {
		head := []byte{0, 0, 0, 0, 0}
		binary.BigEndian.PutUint32(head[1:], uint32(len(s)))
		return string(head) + s
	}
	cases := []struct {
		name, method, path, contentType, body string
		status                                int
		grpcStatus                            string // gRPC-Web: the grpc-status header
		contains                              string // in the body or grpc-message
	}{
		// Connect, unary JSON (the probe: 500 unknown or internal)
		{"connect: truncated JSON", "POST", get, "application/json", `{"productId": "prod-001"`, 400, "", "invalid_argument"},
		{"connect: trailing garbage", "POST", get, "application/json", `{"productId": "prod-001"} x`, 400, "", "invalid_argument"},
		{"connect: a number for a string", "POST", get, "application/json", `{"productId": 5}`, 400, "", "invalid_argument"},
		{"connect: invalid UTF-8", "POST", get, "application/json", "{\"productId\": \"\xff\"}", 400, "", "invalid_argument"},
		{"connect: deep nesting", "POST", get, "application/json", `{"productId":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`, 400, "", "invalid_argument"},
		{"connect: empty body", "POST", get, "application/json", "", 400, "", "invalid_argument"},
		{"connect: broken proto", "POST", get, "application/proto", "\x0a\x50abc", 400, "", "invalid_argument"},
		// Connect, a stream (the probe: ended unknown)
		{"connect stream: a string for a number", "POST", list, "application/connect+json", jsonFrame(`{"pageSize":"abc"}`), 200, "", `"invalid_argument"`},
		// gRPC-Web (the probe: grpc-status 13)
		{"grpc-web: no message", "POST", get, "application/grpc-web+proto", "", 200, "12", "exactly one request message, got 0"},
		{"grpc-web: two messages", "POST", get, "application/grpc-web+proto", string(one) + string(one), 200, "12", "got 2"},
		{"grpc-web: a frame cut short", "POST", get, "application/grpc-web+proto", string(one[:6]), 200, "3", "cut short"},
		{"grpc-web: a frame that is not the message", "POST", get, "application/grpc-web+proto", "\x00\x00\x00\x00\x03\x0a\x50a", 200, "3", "does not decode"},
		{"grpc-web-text is refused, not 404", "POST", get, "application/grpc-web-text", "AAAAAAA=", 415, "", "grpc-web-text is not served"},
		// REST (the probe: 500, or the query winning over the path)
		{"rest: unknown query parameter", "GET", "/v1/products/prod-001?foo=1", "", "", 400, "", `unknown query parameter \"foo\"`},
		{"rest: the query repeats the path", "GET", "/v1/products/prod-001?product_id=prod-002", "", "", 400, "", "repeats a path variable"},
		{"rest: the same by its JSON name", "GET", "/v1/products/prod-001?productId=prod-002", "", "", 400, "", "repeats a path variable"},
		{"rest: invalid UTF-8 in the path", "GET", "/v1/products/%FF%FE", "", "", 400, "", "not valid UTF-8"},
		{"rest: a malformed id", "GET", "/v1/products/a%20b", "", "", 400, "", "may only hold"},
		{"rest: an unknown id", "GET", "/v1/products/prod-999", "", "", 404, "", "not found"},
		{"rest: a GET with a body", "GET", "/v1/products/prod-001", "", `{"productId": "prod-002"}`, 400, "", "GET requests have no body"},
		{"connect: a GET with a body", "GET", get + "?connect=v1&encoding=json&message={}", "", "x", 400, "", "GET requests have no body"},
	}
	client := httpClient(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(testCtx(t), tc.method, base+tc.path, strings.NewReader(tc.body))
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bearer "+testToken)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
				req.Header.Set("Connect-Protocol-Version", "1")
			}
			resp, err := client.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			assert.Less(t, resp.StatusCode, 500, "a client's mistake is never a 5xx: %s", body)
			assert.Equal(t, tc.status, resp.StatusCode, "body: %s", body)
			said := string(body) + resp.Header.Get("Grpc-Message")
			if tc.grpcStatus != "" {
				assert.Equal(t, tc.grpcStatus, resp.Header.Get("Grpc-Status"), "grpc-message: %s", resp.Header.Get("Grpc-Message"))
				msg, err := url.PathUnescape(resp.Header.Get("Grpc-Message")) // percent-encoded, as gRPC says
				require.NoError(t, err)
				said = string(body) + msg
			}
			assert.Contains(t, said, tc.contains)
		})
	}

	// And the server still answers a good call, on every protocol.
	resp, err := client.Post(base+get, "application/grpc-web+proto", bytes.NewReader(one))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "16", resp.Header.Get("Grpc-Status"), "past the checks, the interceptors still run (no token here)")
	req, _ := http.NewRequestWithContext(testCtx(t), "GET", base+"/v1/products/prod-001", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err = client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
