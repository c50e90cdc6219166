package grpcweb

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"testing"

	"connectrpc.com/connect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// A client may compress what it sends: connect-go's WithSendGzip, and
// connect-es's sendCompression, do. precheck inflates it (inflate.go)
// before it judges it, on every kind of call. (It once judged the gzip
// bytes themselves: 400 "does not decode" for every good compressed call.)
func TestGzippedRequestsAreServed(t *testing.T) {
	base := startServer(t)
	protocols := []struct {
		name string
		opts []connect.ClientOption
	}{
		{"connect JSON", []connect.ClientOption{connect.WithProtoJSON()}},
		{"connect proto", nil},
		{"grpc-web", []connect.ClientOption{connect.WithGRPCWeb()}},
	}
	for i, p := range protocols {
		t.Run(p.name, func(t *testing.T) {
			opts := append([]connect.ClientOption{connect.WithSendGzip()}, p.opts...)

			get := getProductClient(t, base, opts...)
			resp, err := get.CallUnary(testCtx(t), withToken(&pb.GetProductRequest{ProductId: "prod-001"}))
			require.NoError(t, err, "unary")
			assert.Equal(t, "The Go Programming Language", resp.Msg.GetName())

			list := connect.NewClient[pb.ListProductsRequest, pb.ListProductsResponse](h2cClient(t),
				base+pb.ProductService_ListProducts_FullMethodName, opts...)
			stream, err := list.CallServerStream(testCtx(t), withToken(&pb.ListProductsRequest{Category: "toys"}))
			require.NoError(t, err, "server stream")
			n := 0
			for stream.Receive() {
				n++
			}
			require.NoError(t, stream.Err(), "server stream")
			require.NoError(t, stream.Close())
			assert.Equal(t, 6, n, "the toys")

			// A client stream needs HTTP/2: its messages are inflated one by one.
			upload := connect.NewClient[pb.Product, pb.UploadProductsResponse](h2cClient(t),
				base+pb.ProductService_UploadProducts_FullMethodName, opts...)
			up := upload.CallClientStream(testCtx(t))
			up.RequestHeader().Set("Authorization", "Bearer "+testToken)
			sent := catalog.Generate("gz"+string(rune('a'+i)), 3)
			for _, product := range sent {
				require.NoError(t, up.Send(product))
			}
			res, err := up.CloseAndReceive()
			require.NoError(t, err, "client stream")
			assert.EqualValues(t, len(sent), res.Msg.GetProductsCreated())
		})
	}
}

// Compressed bytes that are not gzip, or a message that inflates past the
// limit by one byte, are the client's mistakes.
func TestBadCompressedRequests(t *testing.T) {
	base := startServer(t)
	get := pb.ProductService_GetProduct_FullMethodName
	request, _ := protojson.Marshal(&pb.GetProductRequest{ProductId: "prod-001"})
	pastLimit := gzipOf(make([]byte, maxRequestBytes+1))
	cases := []struct {
		name       string
		header     map[string]string
		body       []byte
		status     int
		grpcStatus string
		contains   string
	}{
		{"connect: not gzip under a gzip header", map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"},
			request, 400, "", "not gzip"},
		{"connect: gzip cut short", map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"},
			gzipOf(request)[:20], 400, "", "not gzip"},
		{"connect: one byte past the limit", map[string]string{"Content-Type": "application/proto", "Content-Encoding": "gzip"},
			pastLimit, 429, "", "at most 4194304 bytes"},
		{"connect stream: not gzip", map[string]string{"Content-Type": "application/connect+json", "Connect-Content-Encoding": "gzip"},
			flaggedFrame(1, request), 200, "", "invalid_argument"},
		{"grpc-web: not gzip", map[string]string{"Content-Type": "application/grpc-web+proto", "Grpc-Encoding": "gzip"},
			flaggedFrame(1, []byte("\x0a\x08prod-001")), 200, "3", "not gzip"},
		{"grpc-web: one byte past the limit", map[string]string{"Content-Type": "application/grpc-web+proto", "Grpc-Encoding": "gzip"},
			flaggedFrame(1, pastLimit), 200, "8", "at most 4194304 bytes"},
	}
	client := httpClient(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(testCtx(t), http.MethodPost, base+get, bytes.NewReader(tc.body))
			require.NoError(t, err)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			req.Header.Set("Connect-Protocol-Version", "1")
			req.Header.Set("Authorization", "Bearer "+testToken)
			resp, err := client.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			assert.Equal(t, tc.status, resp.StatusCode, "body: %s", body)
			msg, _ := url.PathUnescape(resp.Header.Get("Grpc-Message"))
			if tc.grpcStatus != "" {
				assert.Equal(t, tc.grpcStatus, resp.Header.Get("Grpc-Status"), "grpc-message: %s", msg)
			}
			assert.Contains(t, string(body)+msg, tc.contains)
		})
	}
}

// The limit itself: exactly maxRequestBytes inflates, one more does not.
func TestInflateStopsAtTheLimit(t *testing.T) {
	out, err := inflate(gzipOf(make([]byte, maxRequestBytes)))
	require.NoError(t, err)
	assert.Len(t, out, maxRequestBytes)

	_, err = inflate(gzipOf(make([]byte, maxRequestBytes+1)))
	assert.ErrorIs(t, err, errTooBig)

	_, err = inflate([]byte("plain text"))
	assert.ErrorContains(t, err, "not gzip")
}

func gzipOf(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
