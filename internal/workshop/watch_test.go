package workshop

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is an io.Writer the test can read while watch writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls until cond holds, or fails the test after limit.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// save rewrites a file the way many editors do: write a temporary file,
// set its time (on past the file's own: some file systems keep a whole
// second of mtime), then rename it into place in one step.
func save(t *testing.T, path, content string, n int) {
	t.Helper()
	tmp := path + "~saving"
	require.NoError(t, os.WriteFile(tmp, []byte(content), 0o644))
	at := time.Now().Add(time.Duration(n) * time.Second)
	require.NoError(t, os.Chtimes(tmp, at, at))
	require.NoError(t, os.Rename(tmp, path))
}

// The real thing: `watch 02` in a tiny workshop whose step 02 has one
// exercise. Its test fails, the learner saves a fix, watch runs the tests
// again by itself and reports the exercise done; Ctrl-C ends it cleanly.
func TestWatchRerunsTheStepsTestsWhenAFileIsSaved(t *testing.T) {
	needTool(t, "go")
	root := t.TempDir()
	step := filepath.Join(root, "02-unary")
	require.NoError(t, os.MkdirAll(step, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module tiny\n\ngo 1.26\n"), 0o644))
	test := filepath.Join(step, "x_test.go")
	stub := "package unary\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { t.Fatal(\"TODO(02): write X\") }\n"
	solved := "package unary\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n"
	save(t, test, stub, 0)

	out := &syncBuffer{}
	c := &CLI{Root: root, Out: out, Steps: []Step{{
		Num: "02", Dir: "02-unary",
		Exercises: []Exercise{{Name: "X", Failing: []string{"TestX"}}},
	}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- c.Run(ctx, []string{"watch", "02"}) }()

	waitFor(t, 60*time.Second, "the first run", func() bool { return strings.Contains(out.String(), "watching 02-unary") })
	assert.Contains(t, out.String(), "to do")
	assert.NotContains(t, out.String(), "core is done")

	save(t, test, solved, 2)
	waitFor(t, 60*time.Second, "a run after the save", func() bool { return strings.Contains(out.String(), "core is done") })
	waitFor(t, 10*time.Second, "watching again", func() bool { return strings.Count(out.String(), "watching 02-unary") == 2 })

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code, "Ctrl-C is how a learner leaves watch: not an error\n%s", out.String())
	case <-time.After(10 * time.Second):
		t.Fatal("watch did not stop when its context ended")
	}
}

func TestWatchLoopRunsOncePerSaveAndIgnoresOtherFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	save(t, file, "package a\n", 0)
	runs := make(chan int, 10)
	n := 0
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- watchLoop(ctx, dir, 10*time.Millisecond, func() bool { n++; runs <- n; return true })
	}()
	next := func(what string) int {
		t.Helper()
		select {
		case got := <-runs:
			return got
		case <-time.After(10 * time.Second):
			t.Fatalf("no run: %s", what)
			return 0
		}
	}
	quiet := func(what string) {
		t.Helper()
		select {
		case got := <-runs:
			t.Fatalf("run %d %s", got, what)
		case <-time.After(100 * time.Millisecond): // ten looks at the files
		}
	}
	assert.Equal(t, 1, next("at start"))
	quiet("with nothing saved")
	// An editor's swap file, node_modules and a dot folder do not count.
	save(t, filepath.Join(dir, "a.go.swp"), "x", 1)
	for _, sub := range []string{"node_modules", ".cache"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, sub), 0o755))
		save(t, filepath.Join(dir, sub, "x.js"), "x", 1)
	}
	quiet("after saving files that are not the step's")
	save(t, file, "package a // edited\n", 3)
	assert.Equal(t, 2, next("after the save"))
	quiet("after one save")
	cancel()
	require.NoError(t, <-done)
}
