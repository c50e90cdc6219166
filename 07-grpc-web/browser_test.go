package grpcweb

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/browser/browsertest"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The page, in a real browser: Debian's headless Chromium loads it from the
// Go server and calls the API with gRPC-Web, as a user's browser would.

// text waits until the element's text contains want (or the poll times
// out) and returns the text it has.
func text(ctx context.Context, sel, want string) (string, error) {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](
		fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").includes(%q)`, sel, want),
		chromedp.WithPollingTimeout(15*time.Second)))
	got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.querySelector(%q)?.textContent ?? ""`, sel)))
	return got, err
}

// requireAPI checks from Go that base answers gRPC-Web, before a browser
// is started: on the stub it fails at once with the TODO message.
func requireAPI(t *testing.T, base string) {
	_, err := getProductClient(t, base, connect.WithGRPCWeb()).
		CallUnary(testCtx(t), withToken(&pb.GetProductRequest{ProductId: "prod-001"}))
	require.NoError(t, err, "the API must answer gRPC-Web before a browser can use it")
}

func TestBrowserPage(t *testing.T) {
	base := startServer(t)
	requireAPI(t, base)
	ctx := browsertest.Start(t, 1100, 900)
	start := time.Now()

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/?token="+testToken)))

	got, err := text(ctx, "#result", "The Go Programming Language")
	require.NoError(t, err, "GetProduct over gRPC-Web; the page shows: %q", got)
	assert.Contains(t, got, "prod-001")

	got, err = text(ctx, "#list-status", "done: 36 products")
	require.NoError(t, err, "ListProducts streamed into the list, in pages of 10 (your streamProducts in web/src/stream.ts; did you npm run build?); the page shows: %q", got)
	items, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#list li")].map(li => li.textContent)`))
	require.NoError(t, err)
	require.Len(t, items, 36, "every streamed product is on the page")
	for i, item := range items {
		assert.True(t, strings.HasPrefix(item, fmt.Sprintf("prod-%03d ", i+1)), "item %d: %q", i, item)
	}

	require.NoError(t, chromedp.Do(ctx,
		chromedp.SetValue("#product-id", "prod-999"),
		chromedp.Click("#get"),
	))
	got, err = text(ctx, "#result", "NotFound (code 5)")
	require.NoError(t, err, "a NotFound is shown with its gRPC code; the page shows: %q", got)
	assert.Contains(t, got, `"prod-999" not found`)

	// A stream that fails shows its code: the page's token is refused.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/?token=wrong")))
	got, err = text(ctx, "#list-status", "Unauthenticated (code 16)")
	require.NoError(t, err, "a failed stream rejects with its ConnectError (do not swallow it); the page shows: %q", got)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/?token="+testToken)))
	_, err = text(ctx, "#list-status", "done: 36 products")
	require.NoError(t, err)

	// The whole page for the README; for the deck, the top of it at 4/3
	// scale, 1147x540 pixels: the slide's picture box at its natural size,
	// so the page's 16 px text is 21 px on the projector.
	page, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG; below is JPEG
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.EmulateViewport(860, 405, chromedp.EmulateScale(4.0/3)))
	require.NoError(t, err)
	top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	// In CI (or with UPDATE_SCREENSHOT=1) they replace the committed ones;
	// on a laptop they go to a temporary folder, so your tree stays clean
	// (fonts differ from machine to machine).
	dir := t.TempDir()
	if os.Getenv("CI") == "true" || os.Getenv("UPDATE_SCREENSHOT") == "1" {
		dir = "."
	}
	for name, png := range map[string][]byte{"screenshot.png": page, "screenshot-slide.png": top} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), png, 0o644))
		t.Logf("screenshot: %s", filepath.Join(dir, name))
	}
	t.Logf("browser test: page, unary, 36 streamed items, NotFound in %v", time.Since(start).Round(time.Millisecond))
}

// A page on one origin calling the API on another: the browser asks the API
// (CORS preflight) and goes on only if the API allows that origin.
func TestBrowserCrossOrigin(t *testing.T) {
	pageAllowed := startServer(t) // serves the page; its own API is not used
	pageRefused := startServer(t)
	api := startServer(t, pageAllowed) // allows only the first page's origin
	requireAPI(t, api)
	requirePreflight(t, api, pageAllowed) // fails in a second, with the reason, before a browser waits 15 s
	ctx := browsertest.Start(t, 1100, 900)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(pageAllowed+"/?token="+testToken+"&api="+api)))
	got, err := text(ctx, "#result", "The Go Programming Language")
	require.NoError(t, err, "an allowed origin calls the API; the page shows: %q", got)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(pageRefused+"/?token="+testToken+"&api="+api)))
	got, err = text(ctx, "#result", "error:")
	require.NoError(t, err, "a disallowed origin is refused by the browser; the page shows: %q", got)
	assert.Contains(t, got, "Unknown", "no gRPC status reaches a refused page, only a failed fetch")
	assert.NotContains(t, got, "The Go Programming Language")
}

// What a browser cannot do over gRPC-Web: stream a request. The page tries
// UploadProducts (client stream) and ProductUpdates (bidi) through its own
// gRPC-Web transport, and connect-web refuses both before fetch is called,
// so no request reaches the server. It needs neither exercise: the stub
// NewAPIHandler serves the page too, and no call gets that far.
func TestBrowserCannotStreamRequests(t *testing.T) {
	h, err := NewServer(catalog.Seeded(), Config{Token: testToken})
	require.NoError(t, err)
	var mu sync.Mutex
	var seen []string // request paths, in arrival order
	base := serveHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path)
		mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	ctx := browsertest.Start(t, 1100, 900)

	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/?token="+testToken)))
	const refused = "error: Unknown (code 2): The fetch API does not support streaming request bodies"
	got, err := text(ctx, "#upload", refused)
	require.NoError(t, err, "UploadProducts (client stream) from the page; it shows: %q", got)
	got, err = text(ctx, "#updates", refused)
	require.NoError(t, err, "ProductUpdates (bidi stream) from the page; it shows: %q", got)
	// Once the page's GetProduct is answered (the product, or the stub's
	// error), the recorder has seen a call the page made, and no stream up.
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`!["", "loading..."].includes(document.querySelector("#result").textContent)`,
		chromedp.WithPollingTimeout(15*time.Second)))
	require.NoError(t, err, "the page's GetProduct is answered")

	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, seen, "/ecommerce.v1.ProductService/GetProduct")
	assert.NotContains(t, seen, "/ecommerce.v1.ProductService/UploadProducts", "connect-web sends no request for a client stream")
	assert.NotContains(t, seen, "/ecommerce.v1.ProductService/ProductUpdates", "connect-web sends no request for a bidi stream")
}
