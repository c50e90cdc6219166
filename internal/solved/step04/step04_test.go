package step04

import (
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type service struct {
	pb.UnimplementedProductServiceServer
	store    *catalog.Store
	maxBytes int
}

func (s *service) UploadProducts(stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	return UploadWithin(s.store, stream, MaxUpload, s.maxBytes)
}

// The reliability probe sent 48 products of 3.5 MB (168 MB) in one upload and
// the server held them all. Now the bytes are bounded: 40 products of 1 MiB
// against a budget of 8 MiB are refused at the ninth, nothing is stored, and
// the memory the whole exchange allocated (client and server, one process)
// stays a small multiple of the budget, not of the upload.
func TestUploadIsBoundedByBytes(t *testing.T) {
	const budget = 8 << 20
	store := catalog.New()
	srv := grpc.NewServer()
	pb.RegisterProductServiceServer(srv, &service{store: store, maxBytes: budget})
	client := pb.NewProductServiceClient(grpctest.Dial(t, srv))
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	products := make([]*pb.Product, 40)
	for i, p := range catalog.Generate("mib", len(products)) {
		products[i] = catalog.OfSize(p, catalog.MaxProductBytes)
	}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	stream, err := client.UploadProducts(ctx)
	require.NoError(t, err)
	sent := 0
	for _, p := range products {
		if stream.Send(p) != nil {
			break
		}
		sent++
	}
	_, err = stream.CloseAndRecv()
	runtime.ReadMemStats(&after)

	assert.Equal(t, codes.ResourceExhausted, status.Code(err), "err: %v", err)
	assert.Contains(t, status.Convert(err).Message(), "at most 8388608 bytes")
	assert.Zero(t, store.Len())
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("upload of 40 MiB, budget 8 MiB: refused after %d sends; %.1f MiB allocated in all (client and server)",
		sent, float64(allocated)/(1<<20))
	assert.Less(t, allocated, uint64(40<<20), "the server held (or decoded) the whole upload")
}
