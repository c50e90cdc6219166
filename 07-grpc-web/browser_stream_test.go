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
	// holdFirst, when set, holds the first page after heldFrames messages.
	holdFirst chan struct{}
}

// heldFrames is how many messages of the first page go out before the rest
// of it is held back too: a page that shows products as they arrive shows
// these five; one that waits for its page's end shows none.
const heldFrames = 5

// holdingWriter passes the first heldFrames gRPC-Web frames of a response
// through and holds the bytes after them until release is closed.
type holdingWriter struct {
	http.ResponseWriter
	release <-chan struct{}
	frames  int // frames fully written
	head    []byte
	left    int // payload bytes of the frame being written
}

func (h *holdingWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		if h.frames >= heldFrames {
			select { // bounded: a test that fails never leaves a request hanging
			case <-h.release:
			case <-time.After(10 * time.Second):
			}
			n, err := h.ResponseWriter.Write(p)
			return written + n, err
		}
		n := 0
		if h.left == 0 { // reading a frame's 5-byte header
			n = min(len(p), 5-len(h.head))
			h.head = append(h.head, p[:n]...)
			if len(h.head) == 5 {
				h.left = int(binary.BigEndian.Uint32(h.head[1:5]))
				h.head = h.head[:0]
				if h.left == 0 {
					h.frames++
				}
			}
		} else {
			n = min(len(p), h.left)
			h.left -= n
			if h.left == 0 {
				h.frames++
			}
		}
		if _, err := h.ResponseWriter.Write(p[:n]); err != nil {
			return written, err
		}
		written += n
		p = p[n:]
	}
	return written, nil
}

func (h *holdingWriter) Flush() {
	if f, ok := h.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (h *holdingWriter) Unwrap() http.ResponseWriter { return h.ResponseWriter }

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
		} else if l.holdFirst != nil {
			w = &holdingWriter{ResponseWriter: w, release: l.holdFirst}
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
	lists := &listRequests{release: make(chan struct{}), holdFirst: make(chan struct{})}
	var releaseOnce, releaseFirstOnce sync.Once
	release := func() { releaseOnce.Do(func() { close(lists.release) }) }
	releaseFirst := func() { releaseFirstOnce.Do(func() { close(lists.holdFirst) }) }
	t.Cleanup(release) // a failed check lets the held pages go at once
	t.Cleanup(releaseFirst)
	base := serveHandler(t, lists.wrap(t, h))
	requireAPI(t, base)
	ctx := browsertest.Start(t, 1100, 900)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/?token="+testToken)))
	// The page lists every category on load, in pages of 10. The first page
	// stops after five products: they must be on the page already.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll("#list li").length >= %d`, heldFrames),
		chromedp.WithPollingTimeout(5*time.Second)))
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#list li").length`))
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("list-status").textContent`))
	require.NoError(t, err, "while the first page is still streaming, its first %d products must be on the page (shown %d): call onProduct for each product as it arrives, not at the end of a page; the page says: %q", heldFrames, shown, status)
	assert.Equal(t, heldFrames, shown, "only what has arrived is shown")
	releaseFirst()
	// The second
	// page is held back, so only the first page's products can be shown.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#list li").length >= 10`,
		chromedp.WithPollingTimeout(5*time.Second)))
	shown, _ = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#list li").length`))
	status, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("list-status").textContent`))
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
