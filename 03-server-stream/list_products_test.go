package serverstream

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for the exercise in list_products.go. Run: go test ./03-server-stream/...

func TestListProducts(t *testing.T) {
	client := startServer(t, catalog.Seeded())

	msgs, err := list(t, client, &pb.ListProductsRequest{})

	require.NoError(t, err)
	require.Len(t, msgs, 36, "page_size 0 means the default (1,000): all 36 samples")
	for i, m := range msgs {
		assert.NotEmpty(t, m.GetProduct().GetName(), "message %d carries a whole product", i)
		assert.Empty(t, m.GetNextPageToken(), "one page holds everything: no token anywhere")
	}
	assert.Equal(t, "prod-001", msgs[0].GetProduct().GetId())
	assert.Equal(t, "prod-036", msgs[35].GetProduct().GetId())
}

func TestListProductsFiltersByCategory(t *testing.T) {
	client := startServer(t, catalog.Seeded())

	msgs, err := list(t, client, &pb.ListProductsRequest{Category: "books"})

	require.NoError(t, err)
	require.Len(t, msgs, 6)
	for _, m := range msgs {
		assert.Equal(t, "books", m.GetProduct().GetCategory())
	}
	none, err := list(t, client, &pb.ListProductsRequest{Category: "no-such-category"})
	require.NoError(t, err, "an empty result is not an error")
	assert.Empty(t, none)
}

func TestListProductsPaginates(t *testing.T) {
	client := startServer(t, catalog.Seeded())

	var ids []string
	req := &pb.ListProductsRequest{PageSize: 5}
	for pages := 1; ; pages++ {
		require.LessOrEqual(t, pages, 8, "36 products in pages of 5 is 8 pages")
		msgs, err := list(t, client, req)
		require.NoError(t, err)
		require.NotEmpty(t, msgs)
		for i, m := range msgs[:len(msgs)-1] {
			assert.Empty(t, m.GetNextPageToken(), "page %d message %d: only the last message carries the token", pages, i)
		}
		for _, m := range msgs {
			ids = append(ids, m.GetProduct().GetId())
		}
		token := msgs[len(msgs)-1].GetNextPageToken()
		if token == "" {
			assert.Equal(t, 8, pages)
			break
		}
		assert.Len(t, msgs, 5, "a page with a token after it is full")
		req.PageToken = token
	}
	require.Len(t, ids, 36, "every product exactly once")
	assert.IsIncreasing(t, ids, "in a stable order")
}

func TestListProductsRejectsBadInput(t *testing.T) {
	store := catalog.Seeded()
	client := startServer(t, store)
	books, err := list(t, client, &pb.ListProductsRequest{Category: "books", PageSize: 2})
	require.NoError(t, err)
	require.Len(t, books, 2)
	booksToken := books[1].GetNextPageToken()

	cases := []struct {
		name    string
		req     *pb.ListProductsRequest
		message string
	}{
		{"negative page size", &pb.ListProductsRequest{PageSize: -1}, "page_size must be >= 0"},
		{"token not base64", &pb.ListProductsRequest{PageToken: "not a token!"}, "page_token is malformed"},
		{"token made up", &pb.ListProductsRequest{PageToken: "eyJ4Ijp9"}, "page_token is malformed"},
		{"token of another category", &pb.ListProductsRequest{Category: "toys", PageToken: booksToken}, `made for category "books"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msgs, err := list(t, client, tc.req)

			requireCode(t, codes.InvalidArgument, err, "")
			assert.Contains(t, status.Convert(err).Message(), tc.message)
			assert.Empty(t, msgs, "nothing is sent before the error")
			assert.Equal(t, 36, store.Len(), "nothing stored or lost")
		})
	}
}

func TestListProductsStreamsTenThousand(t *testing.T) {
	store := catalog.New()
	want := catalog.Generate("load", 10_000)
	_, err := store.CreateAll(want)
	require.NoError(t, err)
	client := startServer(t, store)

	start := time.Now()
	msgs, err := list(t, client, &pb.ListProductsRequest{PageSize: 10_000})
	took := time.Since(start)

	require.NoError(t, err)
	require.Len(t, msgs, 10_000, "complete: nothing lost")
	for i, m := range msgs {
		require.Equal(t, want[i].GetId(), m.GetProduct().GetId(), "in id order")
	}
	assert.Empty(t, msgs[len(msgs)-1].GetNextPageToken())
	t.Logf("10,000 products in one stream: %v (%.0f products/s, in-process)", took, 10_000/took.Seconds())
}

// The guide's ListProducts held the store's read lock while it sent (and
// slept). A client that stops reading blocks Send (flow control), so the lock
// would be held for as long as that client likes, and every writer waits.
func TestSlowReaderDoesNotBlockWriters(t *testing.T) {
	store := catalog.New()
	_, err := store.CreateAll(catalog.Generate("load", 10_000)) // ~2 MB: far more than HTTP/2 windows hold
	require.NoError(t, err)
	client := startSlowReaderServer(t, store)

	ctx, cancel := context.WithCancel(authCtx(t))
	defer cancel()
	stream, err := client.ListProducts(ctx, &pb.ListProductsRequest{PageSize: 10_000})
	require.NoError(t, err)
	_, err = stream.Recv() // the server is now mid-stream; we stop reading here
	require.NoError(t, err)

	written := make(chan error, 2)
	go func() {
		_, err := store.Create(&pb.Product{Id: "new-1", Name: "Written during a slow stream", Price: 1,
			Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE})
		written <- err
	}()
	go func() {
		_, err := store.Update(&pb.ProductUpdateRequest{ProductId: "load-0000001",
			Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: 1}})
		written <- err
	}()
	for range 2 {
		select {
		case err := <-written:
			require.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Fatal("a writer waited 5s for a stream that is not being read: is a lock held while sending?")
		}
	}
	// And the stream is still open: the writes did not have to wait for it to end.
	_, err = stream.Recv()
	assert.NoError(t, err)
}

// When the client cancels or its deadline passes, the handler must return
// (with the matching status), not go on sending to nobody.
func TestListProductsStopsWhenTheClientGoes(t *testing.T) {
	cases := []struct {
		name string
		end  func(ctx context.Context) (context.Context, context.CancelFunc)
		want codes.Code
	}{
		{"client cancels", context.WithCancel, codes.Canceled},
		{"deadline passes", func(ctx context.Context) (context.Context, context.CancelFunc) {
			// Long enough for the first message even on a slow, loaded
			// machine; the test waits for the handler, not for the clock.
			return context.WithTimeout(ctx, time.Second)
		}, codes.DeadlineExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := catalog.New()
			_, err := store.CreateAll(catalog.Generate("load", 10_000))
			require.NoError(t, err)
			watch, returned := grpctest.WatchStreams()
			client := startSlowReaderServer(t, store, watch)

			ctx, cancel := tc.end(authCtx(t))
			defer cancel()
			stream, err := client.ListProducts(ctx, &pb.ListProductsRequest{PageSize: 10_000})
			require.NoError(t, err)
			_, err = stream.Recv()
			require.NoError(t, err)
			if tc.want == codes.Canceled {
				cancel()
			} // else: stop reading and let the deadline pass

			select {
			case err := <-returned:
				// Depending on timing the server may see Canceled for a passed
				// deadline (the client's cancel arrives first); both are right,
				// returning nil is not: the client did not get the whole page.
				require.Error(t, err, "the handler returned nil for a stream its client abandoned")
				code := status.Code(err)
				assert.Contains(t, []codes.Code{tc.want, codes.Canceled}, code, "handler returned: %v", err)
			case <-time.After(5 * time.Second):
				t.Fatal("the handler still runs 5s after its client went")
			}
		})
	}
}
