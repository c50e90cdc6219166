package grpcweb

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// bombSize is what a bomb inflates to: 256 MB of zeros, about 260 KB gzipped.
const bombSize = 256 << 20

var bomb = sync.OnceValue(func() []byte { return gzipped(bombSize) })

// gzipped is n zeros, gzipped.
func gzipped(n int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range n / len(zeros) {
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	return buf.Bytes()
}

// flaggedFrame puts b in one message frame with flags (1: compressed).
func flaggedFrame(flags byte, b []byte) []byte {
	head := []byte{flags, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(head[1:], uint32(len(b)))
	return append(head, b...)
}

// These test given code (precheck.go, inflate.go) through NewAPIHandler:
// they pass once yours does.

// A gzip bomb, on every protocol this stage serves, is refused once it
// inflates past the 4 MB a request may hold, without the server ever
// holding the 256 MB: the probe that found this grew the server by 1.8 GB
// with three requests and no token.
func TestGzipBombsAreRefused(t *testing.T) {
	base := startServer(t)
	client := h2cClient(t) // HTTP/2 without TLS: native gRPC needs it, the rest accept it
	get := pb.ProductService_GetProduct_FullMethodName
	list := pb.ProductService_ListProducts_FullMethodName
	upload := pb.ProductService_UploadProducts_FullMethodName
	b := bomb()
	t.Logf("the bomb: %d KB gzipped, %d MB inflated", len(b)>>10, bombSize>>20)

	cases := []struct {
		name, method, path string
		header             map[string]string
		body               []byte
		token              bool
		status             int
		grpcStatus         string // in the headers (gRPC-Web) or trailers (gRPC)
		contains           string // in the body, grpc-message or trailers
	}{
		{"connect unary JSON, no token", "POST", get,
			map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, b, false, 429, "", "resource_exhausted"},
		{"connect unary JSON", "POST", get,
			map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, b, true, 429, "", "resource_exhausted"},
		{"connect unary proto", "POST", get,
			map[string]string{"Content-Type": "application/proto", "Content-Encoding": "gzip"}, b, true, 429, "", "resource_exhausted"},
		{"connect server stream", "POST", list,
			map[string]string{"Content-Type": "application/connect+json", "Connect-Content-Encoding": "gzip"}, flaggedFrame(1, b), true, 200, "", "resource_exhausted"},
		{"connect client stream", "POST", upload,
			map[string]string{"Content-Type": "application/connect+json", "Connect-Content-Encoding": "gzip"}, flaggedFrame(1, b), true, 200, "", "resource_exhausted"},
		{"grpc-web unary", "POST", get,
			map[string]string{"Content-Type": "application/grpc-web+proto", "Grpc-Encoding": "gzip"}, flaggedFrame(1, b), true, 200, "8", "4194304"},
		{"grpc-web server stream", "POST", list,
			map[string]string{"Content-Type": "application/grpc-web+proto", "Grpc-Encoding": "gzip"}, flaggedFrame(1, b), true, 200, "8", "4194304"},
		{"grpc-web client stream", "POST", upload,
			map[string]string{"Content-Type": "application/grpc-web+proto", "Grpc-Encoding": "gzip"}, flaggedFrame(1, b), true, 200, "8", "4194304"},
		{"grpc unary", "POST", get,
			map[string]string{"Content-Type": "application/grpc", "Grpc-Encoding": "gzip", "Te": "trailers"}, flaggedFrame(1, b), true, 200, "8", "larger than max"},
		{"rest: a GET has no body", "GET", "/v1/products/prod-001",
			map[string]string{"Content-Encoding": "gzip"}, b, true, 400, "", "no body"},
	}
	// Connect's GET carries the message in the URL, compressed if it says
	// so: 40 MB of zeros fit in the 64 KiB a request's head may hold. The
	// transcoder serves GET only for methods marked idempotency_level =
	// NO_SIDE_EFFECTS, none here: 405. Mark one, and precheck must inflate
	// the URL's message too (this case will fail and say so).
	small := gzipped(40 << 20)
	cases = append(cases, struct {
		name, method, path string
		header             map[string]string
		body               []byte
		token              bool
		status             int
		grpcStatus         string
		contains           string
	}{"connect GET", "GET", get + "?connect=v1&encoding=json&compression=gzip&base64=1&message=" + base64.RawURLEncoding.EncodeToString(small),
		nil, nil, true, 405, "", "not allowed"})

	start := memStats()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := memStats()
			req, err := http.NewRequestWithContext(testCtx(t), tc.method, base+tc.path, bodyOf(tc.body))
			require.NoError(t, err)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			if !strings.HasPrefix(tc.path, "/v1/") {
				req.Header.Set("Connect-Protocol-Version", "1")
			}
			if tc.token {
				req.Header.Set("Authorization", "Bearer "+testToken)
			}
			resp, err := client.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			after := memStats()

			allocated := after.TotalAlloc - before.TotalAlloc
			t.Logf("%-28s allocated %5.1f MB, heap after %+5.1f MB", tc.name, mb(allocated), mb(int64(after.HeapAlloc)-int64(before.HeapAlloc)))
			// 4 MB inflated, in a buffer that doubles on its way there, and
			// the copies the transcoder makes: far below the 256 MB.
			assert.Less(t, allocated, uint64(32<<20), "the server inflated more than the 4 MB a request may hold")

			assert.Equal(t, tc.status, resp.StatusCode, "body: %.300s", body)
			status := resp.Header.Get("Grpc-Status") + resp.Trailer.Get("Grpc-Status")
			said := string(body) + resp.Header.Get("Grpc-Message") + resp.Trailer.Get("Grpc-Message")
			if tc.grpcStatus != "" {
				assert.Equal(t, tc.grpcStatus, status, "grpc-message: %s", said)
			}
			assert.Contains(t, strings.ToLower(said), strings.ToLower(tc.contains))
		})
	}
	end := memStats()
	t.Logf("%d bombs of %d MB each: the heap grew %.1f MB over the test, %.1f MB allocated in all",
		len(cases), bombSize>>20, mb(int64(end.HeapAlloc)-int64(start.HeapAlloc)), mb(end.TotalAlloc-start.TotalAlloc))
	assert.Less(t, int64(end.HeapAlloc)-int64(start.HeapAlloc), int64(16<<20), "the heap kept what the bombs inflated")
}

func memStats() runtime.MemStats {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}

func mb[T int64 | uint64](n T) float64 { return float64(n) / (1 << 20) }

// h2cClient speaks HTTP/2 without TLS, as gRPC clients do on plain ports.
func h2cClient(t *testing.T) *http.Client {
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	c := &http.Client{Transport: &http.Transport{Protocols: &protocols}}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func bodyOf(b []byte) io.Reader {
	if b == nil {
		return http.NoBody
	}
	return bytes.NewReader(b)
}
