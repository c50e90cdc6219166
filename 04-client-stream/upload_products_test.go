package clientstream

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/interceptor"
)

// The tests for the exercise in upload_products.go. Run: go test ./04-client-stream/...

func TestUploadProducts(t *testing.T) {
	store := catalog.Seeded()
	client := startServer(t, &Service{store: store})
	old := product("new-1")
	old.CreatedAt = timestamppb.New(time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC))

	resp, err := upload(authCtx(t), client, []*pb.Product{old, product("new-3"), product("new-2")})

	require.NoError(t, err)
	assert.EqualValues(t, 3, resp.GetProductsCreated())
	assert.Equal(t, []string{"new-1", "new-3", "new-2"}, resp.GetProductIds(), "ids in upload order")
	assert.Equal(t, 39, store.Len())
	got, err := store.Get("new-1")
	require.NoError(t, err)
	assert.Equal(t, "Product new-1", got.GetName())
	assert.Greater(t, got.GetCreatedAt().AsTime().Year(), 2000, "created_at is the server's, not the client's")
}

func TestUploadNothing(t *testing.T) {
	store := catalog.Seeded()
	client := startServer(t, &Service{store: store})

	resp, err := upload(authCtx(t), client, nil)

	require.NoError(t, err, "an empty upload is valid: nothing to store")
	assert.EqualValues(t, 0, resp.GetProductsCreated())
	assert.Equal(t, 36, store.Len())
}

func TestUploadRejectsBadProductsAndStoresNothing(t *testing.T) {
	edit := func(f func(p *pb.Product)) *pb.Product { p := product("new-2"); f(p); return p }
	cases := []struct {
		name    string
		bad     *pb.Product // sent second, between two good products
		code    codes.Code
		message string
	}{
		{"empty id", edit(func(p *pb.Product) { p.Id = "" }), codes.InvalidArgument, "product 1: product_id is required"},
		{"id with a space", edit(func(p *pb.Product) { p.Id = "new 2" }), codes.InvalidArgument, "may only hold"},
		{"id too long", edit(func(p *pb.Product) { p.Id = strings.Repeat("x", 65) }), codes.InvalidArgument, "longer than 64"},
		{"empty name", edit(func(p *pb.Product) { p.Name = "" }), codes.InvalidArgument, "product 1: name is required"},
		{"negative price", edit(func(p *pb.Product) { p.Price = -1 }), codes.InvalidArgument, "price must be >= 0"},
		{"NaN price", edit(func(p *pb.Product) { p.Price = math.NaN() }), codes.InvalidArgument, "price must be a finite number"},
		{"infinite price", edit(func(p *pb.Product) { p.Price = math.Inf(1) }), codes.InvalidArgument, "finite"},
		{"negative stock", edit(func(p *pb.Product) { p.StockQuantity = -5 }), codes.InvalidArgument, "stock_quantity must be >= 0"},
		{"unset status", edit(func(p *pb.Product) { p.Status = pb.ProductStatus_PRODUCT_STATUS_UNSPECIFIED }), codes.InvalidArgument, "status is required"},
		{"unknown status", edit(func(p *pb.Product) { p.Status = 42 }), codes.InvalidArgument, "42 is not a known ProductStatus"},
		{"duplicate in the upload", product("new-1"), codes.AlreadyExists, `"new-1" is already used by product 0`},
		{"id already in the store", product("prod-001"), codes.AlreadyExists, `"prod-001" already exists`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := catalog.Seeded()
			client := startServer(t, &Service{store: store})

			resp, err := upload(authCtx(t), client, []*pb.Product{product("new-1"), tc.bad, product("new-3")})

			assert.Nil(t, resp)
			requireCode(t, tc.code, err, "")
			assert.Contains(t, status.Convert(err).Message(), tc.message)
			assert.Equal(t, 36, store.Len(), "all or nothing: a refused upload stores nothing")
			_, err = store.Get("new-1")
			assert.Error(t, err, "not even the good product before the bad one")
		})
	}
}

func TestUploadOverTheCountLimit(t *testing.T) {
	store := catalog.Seeded()
	client := startServer(t, &Service{store: store, maxUpload: 3})

	resp, err := upload(authCtx(t), client, catalog.Generate("three", 3))
	require.NoError(t, err, "exactly the limit is allowed")
	assert.EqualValues(t, 3, resp.GetProductsCreated())

	_, err = upload(authCtx(t), client, catalog.Generate("four", 4))
	requireCode(t, codes.ResourceExhausted, err, "one over the limit")
	assert.Contains(t, status.Convert(err).Message(), "at most 3")
	assert.Equal(t, 39, store.Len(), "the refused upload stored nothing")
}

// The count limit is checked as products arrive, not after buffering them all.
func TestUploadOverTheCountLimitRefusesEarly(t *testing.T) {
	store := catalog.Seeded()
	client := startServer(t, &Service{store: store, maxUpload: 3})
	stream, err := client.UploadProducts(authCtx(t))
	require.NoError(t, err)
	sent := 0
	for _, p := range catalog.Generate("many", 100_000) {
		if stream.Send(p) != nil {
			break
		}
		sent++
	}
	_, err = stream.CloseAndRecv()
	requireCode(t, codes.ResourceExhausted, err, "")
	assert.Less(t, sent, 100_000, "the server buffered the whole over-limit upload before refusing it")
}

// A bad product ends the upload when it arrives: the server stops reading,
// so the client's Send soon fails (io.EOF) instead of pushing 100,000 more
// products into a doomed upload.
func TestUploadRefusesEarly(t *testing.T) {
	store := catalog.Seeded()
	client := startServer(t, &Service{store: store})
	stream, err := client.UploadProducts(authCtx(t))
	require.NoError(t, err)
	bad := product("bad")
	bad.Price = -1
	if err := stream.Send(bad); err != nil {
		_, err = stream.CloseAndRecv() // Send says only io.EOF; this says why
		t.Fatalf("the server ended the upload before the first product: %v", err)
	}

	sent := 0
	for _, p := range catalog.Generate("more", 100_000) {
		if stream.Send(p) != nil {
			break // the server ended the stream
		}
		sent++
	}
	_, err = stream.CloseAndRecv()
	requireCode(t, codes.InvalidArgument, err, "")
	assert.Less(t, sent, 100_000, "the server read the whole upload before refusing its first product")
	t.Logf("the client could send %d more products before the refusal reached it", sent)
	assert.Equal(t, 36, store.Len())
}

func TestUploadOneHundredThousand(t *testing.T) {
	store := catalog.New()
	client := startServer(t, &Service{store: store})
	products := catalog.Generate("bulk", 100_000)

	// 100,000 messages under -race on a busy 2-core machine can take more
	// than the 10 s every other call gets: this bound only catches a hang.
	ctx, cancel := context.WithTimeout(interceptor.WithToken(context.Background(), testToken), time.Minute)
	defer cancel()
	start := time.Now()
	resp, err := upload(ctx, client, products)
	took := time.Since(start)

	require.NoError(t, err)
	assert.EqualValues(t, 100_000, resp.GetProductsCreated())
	require.Len(t, resp.GetProductIds(), 100_000)
	assert.Equal(t, 100_000, store.Len(), "every product stored")
	for _, i := range []int{0, 1, 4_999, 50_000, 99_999} {
		got, err := store.Get(products[i].GetId())
		require.NoError(t, err, "spot check %d", i)
		assert.Equal(t, products[i].GetName(), got.GetName())
		assert.Equal(t, products[i].GetPrice(), got.GetPrice())
		assert.Equal(t, products[i].GetId(), resp.GetProductIds()[i])
	}

	// The same products as ONE message (a repeated field of 100,000) would be:
	oneMessage := 0
	for _, p := range products {
		oneMessage += protowire.SizeTag(1) + protowire.SizeBytes(proto.Size(p))
	}
	t.Logf("100,000 products streamed in %v; as one message they would be %.1f MB, %.1fx the 4 MB default limit",
		took, float64(oneMessage)/1e6, float64(oneMessage)/(4<<20))
	assert.Greater(t, oneMessage, 4<<20)
}

// One message over the server's receive limit (4 MB by default) is refused
// with ResourceExhausted, the upload stores nothing, and the server goes on.
func TestUploadMessageOverTheLimit(t *testing.T) {
	store := catalog.Seeded()
	watch, returned := grpctest.WatchStreams()
	client := startServer(t, &Service{store: store}, watch)
	huge := product("huge")
	huge.Description = strings.Repeat("x", 5<<20)

	_, err := upload(authCtx(t), client, []*pb.Product{product("new-1"), huge})

	requireCode(t, codes.ResourceExhausted, err, "")
	// The client would see ResourceExhausted whatever the handler did; what
	// the handler returned shows whether it passed Recv's error on as it is.
	select {
	case err := <-returned:
		assertCode(t, codes.ResourceExhausted, err, "what UploadProducts returned: Recv's error as it is (the guide wrapped it in Internal)")
	case <-time.After(5 * time.Second):
		t.Fatal("UploadProducts did not return")
	}
	assert.Equal(t, 36, store.Len())

	resp, err := upload(authCtx(t), client, []*pb.Product{product("after")})
	require.NoError(t, err, "the server keeps serving")
	assert.EqualValues(t, 1, resp.GetProductsCreated())
}

// A client that gives up mid-upload: the handler returns, nothing is stored.
func TestUploadCancelledMidway(t *testing.T) {
	store := catalog.Seeded()
	watch, returned := grpctest.WatchStreams()
	client := startServer(t, &Service{store: store}, watch)

	ctx, cancel := context.WithCancel(authCtx(t))
	stream, err := client.UploadProducts(ctx)
	require.NoError(t, err)
	for _, p := range catalog.Generate("half", 100) {
		if err := stream.Send(p); err != nil {
			_, err = stream.CloseAndRecv() // Send says only io.EOF; this says why
			cancel()
			t.Fatalf("the server ended the upload before the client cancelled: %v", err)
		}
	}
	cancel()

	select {
	case err := <-returned:
		assertCode(t, codes.Canceled, err, "what UploadProducts returned")
	case <-time.After(5 * time.Second):
		t.Fatal("UploadProducts still runs 5s after its client cancelled")
	}
	assert.Equal(t, 36, store.Len(), "a cancelled upload stores nothing")
}
