package serverstream

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/stage"
)

const todoCompress = "TODO(03): write HandleRPC and Gzip in 03-server-stream/compress.go -- see 03-server-stream/README.md#stretch-compress-the-stream"

// encodings records, on the server, the compression each call came with
// (grpc-encoding): the proof that a request really was compressed.
type encodings struct {
	mu   sync.Mutex
	seen []string
}

func (e *encodings) HandleRPC(_ context.Context, s stats.RPCStats) {
	if h, ok := s.(*stats.InHeader); ok {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.seen = append(e.seen, h.Compression)
	}
}
func (e *encodings) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (e *encodings) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (e *encodings) HandleConn(context.Context, stats.ConnStats)                       {}

func (e *encodings) get() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.seen...)
}

// dialCounted serves store and returns a client whose connection reports to
// counter, with opts, and what the server saw.
func dialCounted(t *testing.T, store *catalog.Store, counter *WireCounter, opts ...grpc.DialOption) (pb.ProductServiceClient, *encodings) {
	seen := &encodings{}
	srv, _ := NewServer(store, stage.Config{Token: testToken, Logger: quiet}, grpc.StatsHandler(seen))
	conn := grpctest.Dial(t, srv, append(opts, grpc.WithStatsHandler(counter))...)
	return pb.NewProductServiceClient(conn), seen
}

// listPage reads one page and returns it with its bytes as protobuf.
func listPage(t *testing.T, client pb.ProductServiceClient, size int32) ([]*pb.ListProductsResponse, int64) {
	stream, err := client.ListProducts(authCtx(t), &pb.ListProductsRequest{PageSize: size})
	require.NoError(t, err)
	msgs, err := recvAll(stream)
	require.NoError(t, err)
	var n int64
	for _, m := range msgs {
		n += int64(proto.Size(m))
	}
	return msgs, n
}

func storeOf(t *testing.T, products []*pb.Product) *catalog.Store {
	store := catalog.New()
	_, err := store.CreateAll(products)
	require.NoError(t, err)
	return store
}

func TestWireCounterCountsTheMessagesReceived(t *testing.T) {
	counter := &WireCounter{}
	client, _ := dialCounted(t, storeOf(t, catalog.Generate("c", 300)), counter)

	msgs, size := listPage(t, client, 300)
	require.Len(t, msgs, 300)
	require.Equal(t, size, counter.Decoded(), "%s: Decoded is the bytes of every message received, decoded", todoCompress)
	assert.Equal(t, size, counter.Wire(), "not compressed: as many bytes travelled as were decoded (without the 5-byte frame headers)")

	_, again := listPage(t, client, 300)
	assert.Equal(t, size+again, counter.Decoded(), "a second call adds to the count")
}

func TestGzipCompressesTheStream(t *testing.T) {
	// Products with a long description that repeats itself: gzip's best
	// case, so the saving is plain to see. (Real products save far less:
	// see the README.)
	products := catalog.Generate("z", 50)
	for i, p := range products {
		products[i] = catalog.OfSize(p, 4000)
	}
	counter := &WireCounter{}
	client, seen := dialCounted(t, storeOf(t, products), counter, Gzip()...)

	msgs, size := listPage(t, client, 50)
	require.Equal(t, []string{"gzip"}, seen.get(), "%s: the request must travel with grpc-encoding: gzip", todoCompress)
	require.Len(t, msgs, 50)
	assert.Equal(t, products[0].GetDescription(), msgs[0].GetProduct().GetDescription(), "decompressed, every byte as sent")
	require.Equal(t, size, counter.Decoded(), "%s: Decoded is the bytes once decompressed", todoCompress)
	assert.Less(t, counter.Wire(), size/4, "%s: the answers came compressed: Wire counts them as they travelled", todoCompress)
	t.Logf("gzip: %d bytes decoded from %d on the wire (%.0f%%)", size, counter.Wire(), 100*float64(counter.Wire())/float64(size))
}

// What gzip does to real products, message by message: nothing good. Each
// message is compressed on its own, with no dictionary shared between
// messages, and gzip's own header and trailer (18 bytes) cost more than it
// finds to remove in 200 bytes of varied words: the stream gets larger.
func TestGzipOnSmallMessagesSavesNothing(t *testing.T) {
	counter := &WireCounter{}
	client, seen := dialCounted(t, storeOf(t, catalog.Generate("s", 300)), counter, Gzip()...)
	_, size := listPage(t, client, 300)
	require.Equal(t, []string{"gzip"}, seen.get(), todoCompress)
	require.Equal(t, size, counter.Decoded(), todoCompress)
	assert.NotEqual(t, size, counter.Wire(), "%s: the answers came compressed", todoCompress)
	assert.Greater(t, counter.Wire(), size*95/100, "each product is compressed alone: gzip finds almost nothing to remove in 200 bytes")
	t.Logf("gzip, 300 real products: %d bytes decoded from %d on the wire (%.0f%%)", size, counter.Wire(), 100*float64(counter.Wire())/float64(size))
}
