package workshop

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// A tool that `go tool` builds on first use, from the go.mod that pins it.
type goTool struct {
	Name    string
	ModFile string // relative to the root; "" is the workshop's own go.mod
}

// The tools a room needs: buf and grpcurl (tools/go.mod), and the protoc
// plugins buf runs (go.mod's tool directives; the OpenAPI one is in
// tools/go.mod, as only go generate needs it).
var goTools = []goTool{
	{"buf", "tools/go.mod"},
	{"grpcurl", "tools/go.mod"},
	{"protoc-gen-openapiv2", "tools/go.mod"},
	{"protoc-gen-go", ""},
	{"protoc-gen-go-grpc", ""},
}

// toolsFile is where prep writes the built tools' paths, for doctor.
const toolsFile = ".workshop/tools.json"

// Prep makes this machine ready for a room without network: every Go module
// of every go.mod in the cache, the packages built once, the Go tools
// built, npm's cache filled, then doctor. After it, GOPROXY=off and npm's
// offline mode are enough for verify (CI proves it).
func (c *CLI) Prep(ctx context.Context) error {
	step := func(what string, f func() error) error {
		start := time.Now()
		fmt.Fprintf(c.Out, "%-44s ", what)
		err := f()
		if err != nil {
			fmt.Fprintln(c.Out, "FAILED")
			return fmt.Errorf("%s: %w", what, err)
		}
		fmt.Fprintf(c.Out, "ok (%s)\n", time.Since(start).Round(100*time.Millisecond))
		return nil
	}
	mods, err := goModules(c.Root)
	if err != nil {
		return err
	}
	for _, dir := range mods {
		rel, _ := filepath.Rel(c.Root, dir)
		name := "the workshop"
		if rel != "." {
			name = filepath.ToSlash(rel)
		}
		if err := step("go mod download ("+filepath.ToSlash(filepath.Join(rel, "go.mod"))+")", func() error {
			return runIn(ctx, dir, "go", "mod", "download")
		}); err != nil {
			return err
		}
		// Loading every package and test also fetches what a bare download
		// leaves out (go.mod files of the pruned graph), and building them
		// fills the build cache, so the room's first test run is quick.
		if err := step("go build + test deps ("+name+")", func() error {
			if hasPackages(dir) {
				if err := runIn(ctx, dir, "go", "list", "-deps", "-test", "./..."); err != nil {
					return err
				}
				return runIn(ctx, dir, "go", "build", "./...")
			}
			return nil
		}); err != nil {
			return err
		}
	}
	built := map[string]string{}
	for _, t := range goTools {
		if err := step("go tool "+t.Name, func() error {
			path, err := c.buildTool(ctx, t)
			built[t.Name] = path
			return err
		}); err != nil {
			return err
		}
	}
	if err := writeJSON(filepath.Join(c.Root, toolsFile), built); err != nil {
		return err
	}
	for _, s := range c.Steps {
		for _, dir := range []string{s.NodeDir, s.WebDir} {
			if dir == "" {
				continue
			}
			if err := needNode(false, dir); err != nil {
				fmt.Fprintf(c.Out, "%-44s SKIP %v\n", "npm ci ("+dir+")", err)
				continue
			}
			if err := step("npm ci ("+dir+")", func() error {
				return npmCI(ctx, filepath.Join(c.Root, dir))
			}); err != nil {
				return err
			}
		}
	}
	// The tests themselves, once: compiled, linked and their results kept
	// (.workshop/status.json), so the room's first status answers at once.
	// CI runs verify next, which runs every test anyway: not twice there.
	if os.Getenv("CI") == "true" {
		fmt.Fprintf(c.Out, "%-44s skipped under CI=true: verify runs every test next\n", "go test, every step (for status)")
	} else if err := step("go test, every step (for status)", func() error {
		_, err := RunAllTests(ctx, c.Root, c.Steps)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintln(c.Out, "\ndoctor:")
	if !Doctor(c.Out, c.Root, os.Getenv("CI") == "true") {
		return fmt.Errorf("doctor found something missing (above)")
	}
	fmt.Fprintln(c.Out, "\nready: with GOPROXY=off and npm_config_offline=true, `go run ./cmd/workshop verify` needs no network")
	return nil
}

// buildTool builds one Go tool (go tool builds and caches it) and returns
// the path of the cached executable.
func (c *CLI) buildTool(ctx context.Context, t goTool) (string, error) {
	args := []string{"tool"}
	if t.ModFile != "" {
		args = append(args, "-modfile="+t.ModFile)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "-n", t.Name)...)
	cmd.Dir = c.Root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%v%s", err, stderrOf(err))
	}
	return strings.TrimSpace(string(out)), nil
}

// runIn runs a command in dir; its output is shown only if it fails.
func runIn(ctx context.Context, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, firstLines(string(out), 15))
	}
	return nil
}

// npmCI installs dir's packages exactly as its package-lock.json says.
func npmCI(ctx context.Context, dir string) error {
	return runIn(ctx, dir, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
}

// goModules lists the folders of every go.mod under root, root first.
func goModules(root string) ([]string, error) {
	dirs := []string{root}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == "go.mod" && path != filepath.Join(root, "go.mod") {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	return dirs, err
}

// hasPackages: tools/go.mod only pins tools and has no Go files of its own.
func hasPackages(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipAll
		}
		if d.IsDir() && path != dir && d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		found = !d.IsDir() && strings.HasSuffix(d.Name(), ".go")
		return nil
	})
	return found
}

// builtTools reads what prep recorded; nil if prep has not run.
func builtTools(root string) map[string]string {
	b, err := os.ReadFile(filepath.Join(root, toolsFile))
	if err != nil {
		return nil
	}
	var m map[string]string
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
		return "\n" + firstLines(string(ee.Stderr), 15)
	}
	return ""
}
