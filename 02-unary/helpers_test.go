package unary

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"go.uber.org/goleak"
	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// goleak fails the package if a test leaves a goroutine behind: a stream or
// server that was never stopped.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const testToken = "test-token"

// testServer is one in-process server with the sample catalogue.
type testServer struct {
	client pb.ProductServiceClient
	conn   *grpc.ClientConn
	store  *catalog.Store
	logs   *syncBuffer
}

func startServer(t *testing.T, extra ...grpc.ServerOption) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	store := catalog.Seeded()
	srv, _ := NewServer(store, Config{Token: testToken, Logger: slog.New(slog.NewJSONHandler(logs, nil))}, extra...)
	conn := grpctest.Dial(t, srv)
	return &testServer{client: pb.NewProductServiceClient(conn), conn: conn, store: store, logs: logs}
}

func authCtx(t *testing.T) context.Context { return grpctest.Context(t, testToken) }

var (
	assertCode  = grpctest.AssertCode
	requireCode = grpctest.RequireCode
)

// syncBuffer collects the server's log lines; the server writes from its own
// goroutines while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var _ io.Writer = (*syncBuffer)(nil)
