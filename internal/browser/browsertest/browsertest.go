// Package browsertest starts the headless Chromium that tests drive (07's
// page, the deck). Kept apart from package browser so the workshop command,
// which only looks Chromium up, does not link chromedp.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/grpcvsrest/workshop/internal/browser"
)

// Start starts headless Chromium with a fresh profile for a test and stops
// it when the test ends. Without Chromium the test is skipped, loudly, on a
// laptop; under CI=true it fails. The flags keep Chromium from calling home:
// on a closed network those calls fail, many at a time.
func Start(t testing.TB, width, height int) context.Context {
	path, err := browser.Find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true requires the browser test: %v", err)
		}
		t.Skipf("SKIPPED the browser test: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc() // waits for the browser process to exit
	})
	return ctx
}
