package grpcweb

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/browser/browsertest"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// listRequests records the ListProducts requests the page sends over
// gRPC-Web and holds every page after the first until release is closed:
// the test can then see what the page shows while the next page is on its
// way.
type listRequests struct {
	mu      sync.Mutex
	seen    []*pb.ListProductsRequest
	release chan struct{}
}

func (l *listRequests) wrap(t *testing.T, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/ListProducts") || r.Method != http.MethodPost {
			h.ServeHTTP(w, r)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req := &pb.ListProductsRequest{}
		// gRPC-Web: one frame, a flag byte and a 4-byte length, then the message.
		if len(body) >= 5 && int(binary.BigEndian.Uint32(body[1:5])) == len(body)-5 {
			if err := proto.Unmarshal(body[5:], req); err != nil {
				t.Errorf("the page sent a ListProducts request that does not decode: %v", err)
			}
		}
		l.mu.Lock()
		l.seen = append(l.seen, req)
		l.mu.Unlock()
		if req.GetPageToken() != "" {
			select { // bounded: a test that fails never leaves a request hanging
			case <-l.release:
			case <-time.After(10 * time.Second):
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		h.ServeHTTP(w, r)
	})
}

func (l *listRequests) requests() []*pb.ListProductsRequest {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*pb.ListProductsRequest(nil), l.seen...)
}

// What the page's streamProducts sends and when it hands products on: the
// page size it is given on every call, the category the user picked, and
// each product shown as it arrives, not when the last page is in.
func TestBrowserStreamsPageByPage(t *testing.T) {
	h, err := NewServer(catalog.Seeded(), Config{Token: testToken})
	require.NoError(t, err)
	lists := &listRequests{release: make(chan struct{})}
	var releaseOnce sync.Once
	release := func() { releaseOnce.Do(func() { close(lists.release) }) }
	t.Cleanup(release) // a failed check lets the held page go at once
	base := serveHandler(t, lists.wrap(t, h))
	requireAPI(t, base)
	ctx := browsertest.Start(t, 1100, 900)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/?token="+testToken)))
	// The page lists every category on load, in pages of 10; the second
	// page is held back, so only the first page's products can be shown.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#list li").length >= 10`,
		chromedp.WithPollingTimeout(5*time.Second)))
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#list li").length`))
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("list-status").textContent`))
	require.NoError(t, err, "while page 2 is on its way, the first page's 10 products must be on the page (shown %d): call onProduct for each product as it arrives, not after the last page; the page says: %q", shown, status)
	assert.Equal(t, 10, shown, "exactly the first page is shown before the second arrives")
	release()
	got, err := text(ctx, "#list-status", "done: 36 products")
	require.NoError(t, err, "the page shows: %q", got)

	reqs := lists.requests()
	require.Len(t, reqs, 4, "36 products in pages of 10 are 4 calls, each after the one before")
	for i, r := range reqs {
		assert.Equal(t, int32(10), r.GetPageSize(), "call %d: send the page size you are given", i+1)
		assert.Empty(t, r.GetCategory(), "call %d: the page asked for every category", i+1)
		assert.Equal(t, i > 0, r.GetPageToken() != "", "call %d: the first call has no token, each next one the token of the page before", i+1)
	}

	// The category the user picks goes in every call.
	require.NoError(t, chromedp.Do(ctx, chromedp.SetValue("#category", "kitchen"), chromedp.Click("#stream")))
	require.Eventually(t, func() bool { return len(lists.requests()) > 4 }, 5*time.Second, 10*time.Millisecond,
		"Stream for kitchen makes a ListProducts call")
	assert.Equal(t, "kitchen", lists.requests()[4].GetCategory(), "the user picked kitchen: send the category you are given")
	kitchen := len(catalog.Seeded().Scan("kitchen", "", 1000))
	got, err = text(ctx, "#list-status", fmt.Sprintf("done: %d products", kitchen))
	require.NoError(t, err, "the page shows: %q", got)
}
