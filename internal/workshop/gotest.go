package workshop

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Result is what one `go test -json` run said, per top-level test.
type Result struct {
	Passed   []string
	Failed   map[string]string // test name -> its output
	Problems []string          // package-level failures: build errors, TestMain (goleak), panics
	Skipped  []string          // top-level tests that skipped themselves (a missing optional tool)
	Skips    map[string]string // skipped test name -> its output (the reason it gave)
	Packages map[string]string // failed or skipped test name -> its package's import path
}

// OK reports whether everything passed.
func (r Result) OK() bool { return len(r.Failed) == 0 && len(r.Problems) == 0 }

// FailedNames returns the failing tests, sorted.
func (r Result) FailedNames() []string {
	names := make([]string, 0, len(r.Failed))
	for n := range r.Failed {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// TestOptions change how a step's tests run.
type TestOptions struct {
	Solution bool      // every exercise file read from its solution twin (-overlay)
	StubOf   *Exercise // this exercise's files as committed (git HEAD), every other exercise solved
	Race     bool
}

// RunTests runs `go test -json` on a step's packages.
func RunTests(ctx context.Context, root string, step Step, opt TestOptions) (Result, error) {
	var args []string
	if opt.Race {
		args = append(args, "-race")
	}
	if opt.Solution || opt.StubOf != nil {
		overlay, cleanup, err := writeOverlay(root, step, opt.StubOf)
		if err != nil {
			return Result{}, err
		}
		defer cleanup()
		args = append(args, "-overlay", overlay)
	}
	return runGoTestIn(ctx, root, append(args, "./"+step.Dir+"/...")...)
}

// runGoTestIn runs `go test -json args...` in dir (the root, or a module of
// its own). Results come from the go command's test cache when nothing
// changed, as with a plain go test.
func runGoTestIn(ctx context.Context, dir string, args ...string) (Result, error) {
	out, problem, err := goTestJSON(ctx, dir, args...)
	if err != nil {
		return Result{}, err
	}
	res := ParseTestJSON(bytes.NewReader(out))
	if problem != "" && res.OK() {
		// go test failed but no test or package said why: a setup error.
		res.Problems = append(res.Problems, problem)
	}
	return res, nil
}

// goTestJSON runs `go test -json args...` in dir and returns its events,
// and, when go test failed, what it said on stderr (with the way round
// for a missing C compiler). err is only the context's.
func goTestJSON(ctx context.Context, dir string, args ...string) (events []byte, problem string, err error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-json"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()
	if ctx.Err() != nil {
		return nil, "", ctx.Err()
	}
	if runErr != nil {
		problem = strings.TrimSpace(stderr.String() + "\n" + runErr.Error())
		if strings.Contains(problem, "-race requires cgo") {
			// Windows' Go has cgo off when it finds no C compiler.
			problem += "\nThe race detector needs cgo and a C compiler, which this machine lacks. " + installCC()
		}
	}
	return out, problem, nil
}

// testEvent is one line of `go test -json` (see `go doc test2json`).
type testEvent struct {
	Action     string
	Package    string
	ImportPath string // on build-output events
	Test       string
	Output     string
}

// ParseTestJSON reads `go test -json` output. Subtests count towards their
// top-level test: the registry names top-level tests only.
func ParseTestJSON(r io.Reader) Result {
	res := Result{Failed: map[string]string{}, Skips: map[string]string{}, Packages: map[string]string{}}
	outputs := map[string]*strings.Builder{} // package + top-level test -> output
	var build strings.Builder                // compiler errors
	failedPkgs := map[string]bool{}          // packages with a failing test
	passed := map[string]bool{}
	running := map[string]string{} // package + top-level test -> its name, until it ends

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e testEvent
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue // not an event
		}
		if e.Action == "build-output" {
			build.WriteString(e.Output)
			continue
		}
		k := e.Package + "\x00" + top(e.Test)
		if outputs[k] == nil {
			outputs[k] = &strings.Builder{}
		}
		if e.Action == "output" {
			outputs[k].WriteString(e.Output)
		}
		if e.Test != "" && !strings.Contains(e.Test, "/") {
			if e.Action == "run" {
				running[k] = e.Test
			} else if e.Action == "pass" || e.Action == "fail" || e.Action == "skip" {
				delete(running, k)
			}
		}
		switch {
		case e.Action == "fail" && e.Test != "":
			failedPkgs[e.Package] = true
			res.Failed[top(e.Test)] = outputs[k].String()
			res.Packages[top(e.Test)] = e.Package
			delete(passed, top(e.Test))
		case e.Action == "skip" && e.Test != "" && !strings.Contains(e.Test, "/"):
			res.Skipped = append(res.Skipped, e.Test)
			res.Skips[e.Test] = outputs[k].String()
			res.Packages[e.Test] = e.Package
		case e.Action == "pass" && e.Test != "" && !strings.Contains(e.Test, "/"):
			if _, failed := res.Failed[e.Test]; !failed {
				passed[e.Test] = true
			}
		case e.Action == "fail" && !failedPkgs[e.Package]:
			// The package failed for a reason of its own: it did not build,
			// TestMain found a leaked goroutine, or a goroutine panicked
			// (a handler's nil dereference): then the panic is in the output
			// of the test that was running, which never ended.
			problem := e.Package + ": " + build.String() + outputs[k].String()
			for rk, name := range running {
				if strings.HasPrefix(rk, e.Package+"\x00") {
					problem += "\n" + name + " never ended:\n" + outputs[rk].String()
					delete(running, rk)
				}
			}
			res.Problems = append(res.Problems, strings.TrimSpace(problem))
		}
	}
	for n := range passed {
		res.Passed = append(res.Passed, n)
	}
	sort.Strings(res.Passed)
	return res
}

func top(test string) string {
	name, _, _ := strings.Cut(test, "/")
	return name
}

// WriteOverlay writes the -overlay JSON that makes the go tool read each
// exercise file of the step from its solution twin. The learner's files are
// not touched.
func WriteOverlay(root string, step Step) (path string, cleanup func(), err error) {
	return writeOverlay(root, step, nil)
}

// writeOverlay maps every Go exercise file to its solution, except the files
// of stubOf, which are read as committed (git HEAD): verify checks the stubs
// the repository ships, even on a learner's copy with solved steps. Without
// git history the working file is all there is.
func writeOverlay(root string, step Step, stubOf *Exercise) (path string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "workshop-stubs-*")
	if err != nil {
		return "", nil, err
	}
	replace := map[string]string{}
	for i, ex := range step.Files() {
		// Not only .go files: the go tool reads //go:embed files through the
		// overlay too (07 embeds its TypeScript bundle; 02's test reads auth.go).
		if stubOf == nil || !slices.Contains(stubOf.Files, ex) {
			replace[filepath.Join(root, ex)] = filepath.Join(root, SolutionPath(ex))
			continue
		}
		file, err := writeCommitted(root, ex, dir, i)
		if errors.Is(err, errNoHistory) {
			continue
		}
		if err != nil {
			os.RemoveAll(dir)
			return "", nil, err
		}
		replace[filepath.Join(root, ex)] = file
	}
	path, cleanupFile, err := writeOverlayFile(replace)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return path, func() { cleanupFile(); os.RemoveAll(dir) }, nil
}

var errNoHistory = errors.New("no git history for the file")

// writeCommitted writes file as git HEAD has it into dir (named by i, with
// its extension, for the overlay) and returns the copy's path.
func writeCommitted(root, file, dir string, i int) (string, error) {
	cmd := exec.Command("git", "show", "HEAD:"+filepath.ToSlash(file))
	cmd.Dir = root
	stub, err := cmd.Output()
	if err != nil {
		return "", errNoHistory
	}
	copied := filepath.Join(dir, fmt.Sprintf("%d%s", i, filepath.Ext(file)))
	return copied, os.WriteFile(copied, stub, 0o644)
}

func writeOverlayFile(replace map[string]string) (path string, cleanup func(), err error) {
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", nil, err
	}
	f, err := os.CreateTemp("", "workshop-overlay-*.json")
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		return "", nil, err
	}
	return f.Name(), func() { os.Remove(f.Name()) }, nil
}

// SolutionPath is where an exercise file's solved twin lives.
func SolutionPath(exercise string) string {
	return filepath.Join("_solutions", exercise)
}
