package workshop

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RunAllTests runs the tests of every step in one `go test`, so the go
// command builds and runs the packages in parallel instead of one step
// after another, and splits the results by step. Each step's results are
// kept in .workshop/status.json with a fingerprint of every file they
// depend on; a step whose fingerprint is unchanged is not run again (go
// test caches passing packages, never failing ones, and a learner's steps
// fail until they are done), so after one edit only that step runs.
func RunAllTests(ctx context.Context, root string, steps []Step) (map[string]Result, error) {
	cacheFile := filepath.Join(root, ".workshop", "status.json")
	type entry struct {
		Fingerprint string
		Result      Result
	}
	cached := map[string]entry{}
	if b, err := os.ReadFile(cacheFile); err == nil {
		_ = json.Unmarshal(b, &cached) // unreadable: run everything
	}
	shared := fingerprint(root, []string{"internal", "01-proto/ecommerce", "01-proto/inventory"}, true) // what the steps import
	results := map[string]Result{}
	prints := map[string]string{}
	var stale []Step
	for _, s := range steps {
		prints[s.Dir] = shared + fingerprint(root, []string{s.Dir}, false)
		if e, ok := cached[s.Dir]; ok && e.Fingerprint == prints[s.Dir] {
			results[s.Dir] = e.Result
			continue
		}
		stale = append(stale, s)
	}
	if len(stale) == 0 {
		return results, nil
	}

	var patterns []string
	for _, s := range stale {
		patterns = append(patterns, "./"+s.Dir+"/...")
	}
	out, problem, err := goTestJSON(ctx, root, patterns...)
	if err != nil {
		return nil, err
	}
	module := modulePath(root)
	byStep := map[string]*bytes.Buffer{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20) // a test's output line can be long
	for sc.Scan() {
		var ev testEvent
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			continue
		}
		pkg := ev.Package
		if pkg == "" { // build output: "module/02-unary [module/02-unary.test]"
			pkg, _, _ = strings.Cut(ev.ImportPath, " ")
		}
		dir, _, _ := strings.Cut(strings.TrimPrefix(pkg, module+"/"), "/")
		if byStep[dir] == nil {
			byStep[dir] = &bytes.Buffer{}
		}
		byStep[dir].Write(sc.Bytes())
		byStep[dir].WriteByte('\n')
	}
	for _, s := range stale {
		var events []byte
		if b := byStep[s.Dir]; b != nil {
			events = b.Bytes()
		}
		res := ParseTestJSON(bytes.NewReader(events))
		if problem != "" && len(byStep) == 0 {
			// go test said nothing of any package: a setup error, everyone's.
			res.Problems = append(res.Problems, problem)
		}
		results[s.Dir] = res
		cached[s.Dir] = entry{prints[s.Dir], res}
	}
	_ = writeJSON(cacheFile, cached)
	return results, nil
}

// fingerprint sums the name, size and modification time of every file
// under dirs, and with shared also the module files, the Go version and the
// environment the tests look at (a tool installed since, Chromium or node,
// can turn a skip into a run).
func fingerprint(root string, dirs []string, shared bool) string {
	h := sha256.New()
	if shared {
		goVersion, _ := exec.Command("go", "env", "GOVERSION").Output()
		h.Write(goVersion)
		for _, env := range []string{"PATH", "CHROMIUM", "CI"} {
			fmt.Fprintf(h, "%s=%s\n", env, os.Getenv(env))
		}
		for _, f := range []string{"go.mod", "go.sum"} {
			if info, err := os.Stat(filepath.Join(root, f)); err == nil {
				fmt.Fprintf(h, "%s %d %d\n", f, info.Size(), info.ModTime().UnixNano())
			}
		}
	}
	for _, dir := range dirs {
		_ = filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "__pycache__" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, path)
				fmt.Fprintf(h, "%s %d %d\n", filepath.ToSlash(rel), info.Size(), info.ModTime().UnixNano())
			}
			return nil
		})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// modulePath is the module line of root's go.mod.
func modulePath(root string) string {
	b, _ := os.ReadFile(filepath.Join(root, "go.mod"))
	for _, line := range strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n") {
		if m, ok := strings.CutPrefix(line, "module "); ok {
			return strings.TrimSpace(m)
		}
	}
	return ""
}
