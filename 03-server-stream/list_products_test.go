package serverstream

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"

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

// The page size rules of the contract: 0 is the default (1,000), above the
// maximum (10,000) is lowered to it, and a full page says there is more.
func TestListProductsPageSizes(t *testing.T) {
	store := catalog.New()
	_, err := store.CreateAll(catalog.Generate("load", catalog.MaxPageSize+5))
	require.NoError(t, err)
	client := startServer(t, store)

	cases := []struct {
		name string
		size int32
		want int
	}{
		{"0 means the default", 0, catalog.DefaultPageSize},
		{"exactly the maximum", catalog.MaxPageSize, catalog.MaxPageSize},
		{"above the maximum is lowered to it", catalog.MaxPageSize + 1, catalog.MaxPageSize},
		{"far above", 1 << 30, catalog.MaxPageSize},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msgs, err := list(t, client, &pb.ListProductsRequest{PageSize: tc.size})
			require.NoError(t, err, "a large page_size is lowered, not refused")
			require.Len(t, msgs, tc.want)
			assert.NotEmpty(t, msgs[len(msgs)-1].GetNextPageToken(), "more products follow: the last message says where")
		})
	}
}

// A last page that is exactly full has no token: the client must not be sent
// on to an empty page.
func TestListProductsFullLastPage(t *testing.T) {
	client := startServer(t, catalog.Seeded())

	pages := 0
	req := &pb.ListProductsRequest{PageSize: 4} // 36 = 9 pages of 4
	var ids []string
	for {
		pages++
		require.LessOrEqual(t, pages, 9, "36 products in pages of 4 is 9 pages, no empty 10th")
		msgs, err := list(t, client, req)
		require.NoError(t, err)
		require.Len(t, msgs, 4, "page %d", pages)
		for _, m := range msgs {
			ids = append(ids, m.GetProduct().GetId())
		}
		if req.PageToken = msgs[3].GetNextPageToken(); req.PageToken == "" {
			break
		}
	}
	assert.Equal(t, 9, pages)
	assert.Len(t, ids, 36)
	assert.IsIncreasing(t, ids, "every product once, in id order")

	msgs, err := list(t, client, &pb.ListProductsRequest{Category: "books", PageSize: 6}) // all 6 books
	require.NoError(t, err)
	require.Len(t, msgs, 6)
	assert.Empty(t, msgs[5].GetNextPageToken(), "one full page holds every book: no token")
}

// cancelAfter is a stream whose context ends after n sends, while Send
// itself still works: only a handler that checks stream.Context() before
// each send notices. (Over a real network Send fails soon after a cancel,
// but not at once: a handler that does not look keeps working, and sending,
// for a client that has gone.)
type cancelAfter struct {
	grpc.ServerStream
	ctx    context.Context
	cancel context.CancelFunc
	n      int
	sent   int
}

func (c *cancelAfter) Context() context.Context { return c.ctx }

func (c *cancelAfter) SendMsg(m any) error {
	err := c.ServerStream.SendMsg(m)
	if c.sent++; c.sent == c.n {
		c.cancel()
	}
	return err
}

// handle makes one ListProducts call (all 36 samples) whose handler gets
// the stream wrap makes instead of the real one, and returns what the
// handler returned and how many messages it sent before.
func handle(t *testing.T, wrap func(grpc.ServerStream) (grpc.ServerStream, func() int)) (sent int, err error) {
	t.Helper()
	type result struct {
		err  error
		sent int
	}
	handled := make(chan result, 1)
	watch := grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		wrapped, sent := wrap(ss)
		err := h(srv, wrapped)
		handled <- result{err, sent()}
		return err
	})
	client := startServer(t, catalog.Seeded(), watch)
	_, _ = list(t, client, &pb.ListProductsRequest{})
	select {
	case r := <-handled:
		return r.sent, r.err
	case <-time.After(5 * time.Second):
		t.Fatal("the handler did not return")
		return 0, nil
	}
}

func TestListProductsChecksTheContextBeforeEachSend(t *testing.T) {
	sent, err := handle(t, func(ss grpc.ServerStream) (grpc.ServerStream, func() int) {
		ctx, cancel := context.WithCancel(ss.Context())
		t.Cleanup(cancel)
		cs := &cancelAfter{ServerStream: ss, ctx: ctx, cancel: cancel, n: 3}
		return cs, func() int { return cs.sent }
	})

	assert.Equal(t, codes.Canceled.String(), status.Code(err).String(),
		"the handler should return the context's status (Canceled) once it ends: %v", err)
	assert.Equal(t, 3, sent, "nothing more is sent after the context ended")
}

// failSend is a stream whose Send fails from the n-th call on, while its context lives.
type failSend struct {
	grpc.ServerStream
	n, sent int
}

func (f *failSend) SendMsg(m any) error {
	if f.sent++; f.sent >= f.n {
		return status.Error(codes.Unavailable, "send failed on purpose")
	}
	return f.ServerStream.SendMsg(m)
}

func TestListProductsReturnsTheSendError(t *testing.T) {
	sent, err := handle(t, func(ss grpc.ServerStream) (grpc.ServerStream, func() int) {
		fs := &failSend{ServerStream: ss, n: 3}
		return fs, func() int { return fs.sent }
	})

	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(), "a failed Send is returned: %v", err)
	assert.Equal(t, 3, sent, "no Send after the one that failed")
}

func TestListProductsChecksTheContextBeforeTheFirstSend(t *testing.T) {
	sent, err := handle(t, func(ss grpc.ServerStream) (grpc.ServerStream, func() int) {
		ctx, cancel := context.WithCancel(ss.Context())
		cancel() // ended before the handler runs
		cs := &cancelAfter{ServerStream: ss, ctx: ctx, cancel: cancel, n: -1}
		return cs, func() int { return cs.sent }
	})

	assert.Equal(t, codes.Canceled.String(), status.Code(err).String(), "a context that ended before the first send: %v", err)
	assert.Equal(t, 0, sent, "nothing is sent once the context has ended")
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
		{"token edited", &pb.ListProductsRequest{Category: "books", PageToken: forge(t, booksToken, "prod-004")}, "page_token is malformed"},
		{"token of all categories, used for one", &pb.ListProductsRequest{Category: "books", PageToken: catalog.EncodePageToken("", "prod-001")}, `made for category ""`},
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

// forge edits the id inside a real token and keeps its MAC: what a curious
// client tries once it sees the token is base64 JSON.
func forge(t *testing.T, token, id string) string {
	body, mac, ok := strings.Cut(token, ".")
	require.True(t, ok, "a token is body.mac: %q", token)
	raw, err := base64.RawURLEncoding.DecodeString(body)
	require.NoError(t, err)
	var fields map[string]string
	require.NoError(t, json.Unmarshal(raw, &fields))
	fields["a"] = id
	raw, err = json.Marshal(fields)
	require.NoError(t, err)
	return base64.RawURLEncoding.EncodeToString(raw) + "." + mac
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
		store.Lock() // what every writer needs: the store's write lock
		store.Unlock()
		written <- nil
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
