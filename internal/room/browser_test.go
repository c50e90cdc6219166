package room

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/internal/browser/browsertest"
)

// progress is learner n's two core exercises at a point of the morning.
func progress(n int, later bool) Report {
	r := Report{Code: "ROOM42", Learner: id(n), Name: fmt.Sprintf("Learner %02d", n)}
	wire := ExerciseState{Step: "01", Name: "Wire", State: "done"}
	if n%2 == 1 {
		wire = ExerciseState{Step: "01", Name: "Wire", State: "failing", Failing: []string{"TestWireFieldsRejectsBrokenBytes"},
			Diagnosis: "A plain Go error reaches a gRPC client as Unknown."}
	}
	list := ExerciseState{Step: "03", Name: "ListProducts", State: "done"}
	switch {
	case n%3 == 0 && later && n >= 40: // moved on to the next mistake
		list = ExerciseState{Step: "03", Name: "ListProducts", State: "failing", Failing: []string{"TestListProductsRejectsBadInput"}}
	case n%3 == 0:
		list = ExerciseState{Step: "03", Name: "ListProducts", State: "failing", Failing: []string{"TestListProductsPaginates"}}
	case n%3 == 1:
		list = ExerciseState{Step: "03", Name: "ListProducts", State: "failing", Failing: []string{"TestListProductsFullLastPage"},
			Diagnosis: "A full page is not proof of another."}
	}
	r.Exercises = []ExerciseState{wire, list}
	return r
}

// A room of 60: each learner reports from an address of its own (Linux
// routes all of 127.0.0.0/8 to loopback), at once; then 11 minutes pass and
// they report again, some having moved on. The speaker's page, in headless
// Chromium, shows the grid, the stuck, and what the room fails most; a
// restart of the room keeps all of it.
func TestARoomOfSixty(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("SKIPPED: the 60 client addresses need Linux's 127.0.0.0/8 loopback")
	}
	file := filepath.Join(t.TempDir(), "room.json")
	s, clk := newRoom(t, file)
	var mu sync.Mutex // the clock moves between rounds only
	s.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return clk.t }
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(lis) }()
	t.Cleanup(func() { _ = srv.Close() })
	base := "http://" + lis.Addr().String()

	round := func(later bool) (time.Duration, uint64) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		var wg sync.WaitGroup
		for n := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each learner's laptop: its own address, its own connection.
				tr := &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 1, byte(n+1))}}).DialContext}
				defer tr.CloseIdleConnections()
				body := marshal(t, progress(n, later))
				resp, err := (&http.Client{Transport: tr, Timeout: 5 * time.Second}).Post(base+"/report", "application/json", bytes.NewReader(body))
				if assert.NoError(t, err) {
					assert.Equal(t, http.StatusNoContent, resp.StatusCode, "learner %d", n)
					resp.Body.Close()
				}
			}()
		}
		wg.Wait()
		took := time.Since(start)
		runtime.GC()
		runtime.ReadMemStats(&after)
		return took, after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	took, grew := round(false)
	t.Logf("60 reports at once: %v (%.0f reports/s), heap +%d KB", took, 60/took.Seconds(), grew/1024)
	mu.Lock()
	clk.t = clk.t.Add(11 * time.Minute)
	mu.Unlock()
	took, grew = round(true)
	t.Logf("60 reports again, 11 minutes later: %v (%.0f reports/s), heap +%d KB", took, 60/took.Seconds(), grew/1024)

	// The model's answers: who is stuck, and the most failed test per exercise.
	wantStuck, failingList := 0, map[string]int{}
	for n := range 60 {
		for _, e := range progress(n, true).Exercises {
			if e.State != "failing" {
				continue
			}
			if e.Name == "ListProducts" {
				failingList[e.Failing[0]]++
			}
			if !(e.Name == "ListProducts" && n%3 == 0 && n >= 40) {
				wantStuck++ // the same test since the first round
			}
		}
	}
	most, _ := mostOf(failingList)
	require.NoError(t, s.Save())
	checkPage(t, base, 60, wantStuck, most)

	// The speaker's laptop restarts: the room comes back from its file.
	again, err := New("ROOM42", cols, file, 10*time.Minute)
	require.NoError(t, err)
	again.Now = s.Now
	assert.Equal(t, s.View(), again.View(), "the state after a restart is the state before it")
}

func mostOf(m map[string]int) (string, int) { return most(m) }

// checkPage loads the room's page in headless Chromium and reads what it
// draws.
func checkPage(t *testing.T, base string, learners, stuck int, mostFailing string) {
	t.Helper()
	ctx := browsertest.Start(t, 1280, 900)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(base+"/")))
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.querySelectorAll("tr.learner").length === %d`, learners),
		chromedp.WithPollingTimeout(10*time.Second)))
	require.NoError(t, err, "the grid has a row per learner")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("td.stuck").length`))
	require.NoError(t, err)
	assert.Equal(t, stuck, got, "stuck cells")
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status").textContent`))
	require.NoError(t, err)
	assert.Contains(t, status, fmt.Sprintf("%d learners · %d stuck", learners, stuck))
	room, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#room li")].map((li) => li.textContent)`))
	require.NoError(t, err)
	require.Len(t, room, 2, "one line per exercise someone fails")
	assert.Contains(t, room[1], "03 ListProducts: 20 failing "+mostFailing)
	assert.Contains(t, room[1], "A full page is not proof of another.", "the most common diagnosis of the most failed test")
	assert.Contains(t, room[0], "01 Wire: 30 failing TestWireFieldsRejectsBrokenBytes")
	if dir := envShots(); dir != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.NoError(t, writeFile(filepath.Join(dir, "room.png"), png))
	}
}

func envShots() string { return os.Getenv("ROOM_SCREENSHOT_DIR") }

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o644) }
