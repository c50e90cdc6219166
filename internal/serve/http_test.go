package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// startHTTP serves h with limits on a free loopback port.
func startHTTP(t *testing.T, h http.Handler, limits Limits) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := newHTTPServer(h, limits)
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(lis) }()
	t.Cleanup(func() { _ = srv.Close(); <-done })
	return lis.Addr().String()
}

// readAll answers 408 when the body does not arrive in time.
var readAll = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if _, err := io.ReadAll(r.Body); err != nil {
		http.Error(w, "body too slow: "+err.Error(), http.StatusRequestTimeout)
		return
	}
	w.WriteHeader(http.StatusNoContent)
})

// A body sent one byte and then nothing: the server cuts it at the body
// deadline instead of waiting for ever. (The reliability probe kept one
// open for 16 s at 1 byte/s; a later one, 40 s with a unary gRPC-Web call,
// whose body the deadline once exempted with every application/grpc*.)
func TestASlowBodyIsCut(t *testing.T) {
	addr := startHTTP(t, readAll, Limits{Header: time.Second, Body: 200 * time.Millisecond, Idle: time.Minute})
	for _, tc := range []struct{ path, contentType string }{
		{"/", "application/json"},
		{pb.ProductService_GetProduct_FullMethodName, "application/grpc-web+proto"},
		{pb.ProductService_GetProduct_FullMethodName, "application/grpc"},
		{pb.ProductService_ListProducts_FullMethodName, "application/connect+proto"}, // a server stream: one request message
		{"/ecommerce.v1.ProductService/NoSuchMethod", "application/grpc-web+proto"},
	} {
		t.Run(tc.contentType+" "+tc.path, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			require.NoError(t, err)
			defer conn.Close()
			require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second))) // the test's own bound

			_, err = fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: 100\r\n\r\n{", tc.path, tc.contentType)
			require.NoError(t, err)
			start := time.Now()
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			took := time.Since(start)

			if err == nil { // the handler answered; or the connection was simply closed
				assert.Equal(t, http.StatusRequestTimeout, resp.StatusCode)
				resp.Body.Close()
			}
			assert.Less(t, took, 4*time.Second, "the server waited for the slow body until the test gave up")
		})
	}
}

// The body of a call whose client streams is exempt, in every protocol: it
// may stay open for as long as the call.
func TestAStreamBodyHasNoDeadline(t *testing.T) {
	addr := startHTTP(t, readAll, Limits{Header: time.Second, Body: 100 * time.Millisecond, Idle: time.Minute})
	for _, tc := range []struct{ path, contentType string }{
		{pb.ProductService_UploadProducts_FullMethodName, "application/grpc-web+proto"},
		{pb.ProductService_ProductUpdates_FullMethodName, "application/connect+proto"},
		{pb.ProductService_UploadProducts_FullMethodName, "application/grpc"},
	} {
		t.Run(tc.contentType+" "+tc.path, func(t *testing.T) {
			pr, pw := io.Pipe()
			req, err := http.NewRequest(http.MethodPost, "http://"+addr+tc.path, pr)
			require.NoError(t, err)
			req.Header.Set("Content-Type", tc.contentType)
			done := make(chan *http.Response, 1)
			go func() {
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					done <- resp
				}
				close(done)
			}()
			_, _ = pw.Write([]byte("a"))
			// Past the body deadline (the pipe write above returned once the server
			// read the byte; this one returns once it reads again):
			timer := time.AfterFunc(300*time.Millisecond, func() { _, _ = pw.Write([]byte("b")); _ = pw.Close() })
			defer timer.Stop()
			resp, ok := <-done
			require.True(t, ok, "the request failed")
			defer resp.Body.Close()
			assert.Equal(t, http.StatusNoContent, resp.StatusCode, "a stream's body was cut by the body deadline")
		})
	}
}

func TestLimitsAreSet(t *testing.T) {
	srv := NewHTTPServer(http.NotFoundHandler())
	assert.Equal(t, DefaultLimits.Header, srv.ReadHeaderTimeout)
	assert.Equal(t, DefaultLimits.Idle, srv.IdleTimeout)
	assert.Equal(t, MaxHeaderBytes, srv.MaxHeaderBytes)
}

// A keep-alive connection that sends nothing more is closed at the idle
// limit. (The probe left 500 such connections open, never closed.)
func TestAnIdleConnectionIsClosed(t *testing.T) {
	addr := startHTTP(t, readAll, Limits{Header: time.Second, Body: time.Second, Idle: 200 * time.Millisecond})
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	require.NoError(t, err)
	resp.Body.Close()

	start := time.Now()
	_, err = r.ReadByte() // nothing more is sent: the server closes, or the test's deadline passes
	assert.ErrorIs(t, err, io.EOF, "the idle connection was not closed")
	assert.Less(t, time.Since(start), 4*time.Second)
}

// Over HTTP/2 the limits reach the client in SETTINGS: net/http announces
// 250 streams a connection (its default) and MaxHeaderBytes, plus room for
// ten fields' overhead, as the header list size.
func TestHTTP2AnnouncesTheLimits(t *testing.T) {
	addr := startHTTP(t, readAll, DefaultLimits)
	c := grpctest.DialH2(t, addr)
	assert.EqualValues(t, 250, c.Settings[http2.SettingMaxConcurrentStreams])
	assert.EqualValues(t, MaxHeaderBytes+10*32, c.Settings[http2.SettingMaxHeaderListSize])
}

// Headers past MaxHeaderBytes get 431 Request Header Fields Too Large,
// before any handler runs.
func TestOversizedHeadersAre431(t *testing.T) {
	addr := startHTTP(t, readAll, DefaultLimits)
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/", nil)
	require.NoError(t, err)
	req.Header.Set("X-Big", strings.Repeat("a", MaxHeaderBytes+4096)) // net/http allows 4 KiB of slack
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
}
