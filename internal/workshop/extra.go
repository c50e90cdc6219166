package workshop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// ErrSkipped marks a check that could not run here (a missing optional tool).
// Under CI=true nothing is skipped: a missing tool is a failure.
var ErrSkipped = errors.New("skipped")

// needNode says why dir's checks cannot run without node and npm: a skip
// on a laptop, a failure under CI.
func needNode(ci bool, dir string) error {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if ci {
				return fmt.Errorf("%s: %s not found (CI=true: required)", dir, tool)
			}
			return fmt.Errorf("%w: %s not found; install Node.js 20+ to check %s", ErrSkipped, tool, dir)
		}
	}
	return nil
}

// CheckDemo runs a demo and checks it fails with its message.
func CheckDemo(ctx context.Context, root string, d Demo) error {
	cmd := exec.CommandContext(ctx, "go", d.GoArgs...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err == nil {
		return fmt.Errorf("demo %q: passed, but it should fail with %q", d.Name, d.MustContain)
	}
	if !strings.Contains(string(out), d.MustContain) {
		return fmt.Errorf("demo %q: failed without %q:\n%s", d.Name, d.MustContain, firstLines(string(out), 15))
	}
	return nil
}

// installNode installs a step's npm packages (npm ci), or says why it
// cannot: a skip without node on a laptop, a failure under CI.
func installNode(ctx context.Context, root string, step Step, ci bool) error {
	if err := needNode(ci, step.NodeDir); err != nil {
		return err
	}
	return npmCI(ctx, filepath.Join(root, step.NodeDir))
}

// CheckNode runs a step's Node tests against its server built with the
// solution, once installNode's answer (ready) is nil. It returns how many
// passed.
func CheckNode(ctx context.Context, root string, step Step, ready error) (int, error) {
	if ready != nil {
		return 0, ready
	}
	dir := filepath.Join(root, step.NodeDir)

	server, cleanup, err := buildServer(ctx, root, step)
	if err != nil {
		return 0, err
	}
	defer cleanup()

	files, _ := filepath.Glob(filepath.Join(dir, "test", "*.test.js"))
	if len(files) == 0 {
		return 0, fmt.Errorf("no test/*.test.js in %s", step.NodeDir)
	}
	test := exec.CommandContext(ctx, "node", append([]string{"--test"}, files...)...)
	test.Dir = dir
	test.Env = append(os.Environ(), "WORKSHOP_SERVER_BIN="+server)
	out, err := test.CombinedOutput()
	pass := tapCount(out, "pass")
	if err != nil || tapCount(out, "fail") > 0 || pass == 0 {
		return pass, fmt.Errorf("node --test in %s: %v\n%s", step.NodeDir, err, firstLines(string(out), 30))
	}
	return pass, nil
}

// buildServer builds a step's server with the solution (WriteOverlay) into
// a temporary directory, for the clients' tests to start. cleanup removes it.
func buildServer(ctx context.Context, root string, step Step) (server string, cleanup func(), err error) {
	bin, err := os.MkdirTemp("", "workshop-server-*")
	if err != nil {
		return "", nil, err
	}
	overlay, removeOverlay, err := WriteOverlay(root, step)
	if err != nil {
		os.RemoveAll(bin)
		return "", nil, err
	}
	defer removeOverlay()
	server = filepath.Join(bin, exe("server"))
	build := exec.CommandContext(ctx, "go", "build", "-overlay", overlay, "-o", server, step.Server)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(bin)
		return "", nil, fmt.Errorf("build %s: %v\n%s", step.Server, err, out)
	}
	return server, func() { os.RemoveAll(bin) }, nil
}

// tapCount reads "# pass 7" from node --test's TAP summary.
func tapCount(out []byte, what string) int {
	m := regexp.MustCompile(`(?m)^# ` + what + ` (\d+)$`).FindSubmatch(out)
	if m == nil {
		return 0
	}
	var n int
	fmt.Sscan(string(m[1]), &n)
	return n
}

// esbuildFlags are package.json's "build" flags, writing to out.
func esbuildFlags(out string) []string {
	return []string{"--bundle", "--format=esm", "--target=es2022", "--minify", "--outfile=" + out, "--log-level=warning"}
}

// checkSolutionBundle builds the page from the TypeScript solutions and
// compares it with the solution bundle in _solutions/, which verify serves
// (through -overlay) when it runs the browser test on the solutions. It
// builds in a scratch folder inside the web folder, so imports find its
// node_modules.
func checkSolutionBundle(ctx context.Context, root string, step Step, run func(string, ...string) error) error {
	dir := filepath.Join(root, step.WebDir)
	var sources []string
	bundle := ""
	for _, f := range step.Files() {
		switch {
		case strings.HasSuffix(f, ".ts"):
			sources = append(sources, f)
		case strings.HasSuffix(f, "dist/app.js"):
			bundle = f
		}
	}
	if len(sources) == 0 || bundle == "" {
		return nil // no TypeScript exercise
	}
	scratch, err := os.MkdirTemp(dir, ".verify-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := os.CopyFS(filepath.Join(scratch, "src"), os.DirFS(filepath.Join(dir, "src"))); err != nil {
		return err
	}
	for _, f := range sources {
		rel, _ := filepath.Rel(dir, filepath.Join(root, f))
		b, err := os.ReadFile(filepath.Join(root, SolutionPath(f)))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(scratch, rel), b, 0o644); err != nil {
			return err
		}
	}
	// esbuild strips types without checking them: tsc checks the
	// solution's sources (the committed ones are checked by CheckWeb).
	tsconfig := filepath.Join(scratch, "tsconfig.json")
	if err := os.WriteFile(tsconfig, []byte(`{"extends": "../tsconfig.json", "include": ["src"]}`), 0o644); err != nil {
		return err
	}
	if err := run("node_modules/.bin/tsc", "-p", tsconfig); err != nil {
		return fmt.Errorf("web: the solution's TypeScript does not type-check: %w", err)
	}
	out := filepath.Join(scratch, "app.js")
	rel, _ := filepath.Rel(dir, filepath.Join(scratch, "src", "app.ts"))
	if err := run("node_modules/.bin/esbuild", append([]string{rel}, esbuildFlags(out)...)...); err != nil {
		return err
	}
	want, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	got, err := os.ReadFile(filepath.Join(root, SolutionPath(bundle)))
	if err != nil || !sameText(got, want) {
		return fmt.Errorf("web: %s is stale: build it from the solutions' TypeScript and commit", SolutionPath(bundle))
	}
	return nil
}

// CheckWeb regenerates a step's TypeScript (buf + protoc-gen-es) and its
// bundle (esbuild) into a scratch folder and compares them with the
// committed files, as CheckCodegen does for Go.
func CheckWeb(ctx context.Context, root string, step Step, ci bool) error {
	if err := needNode(ci, step.WebDir); err != nil {
		return err
	}
	dir := filepath.Join(root, step.WebDir)
	run := func(name string, args ...string) error { return runIn(ctx, dir, name, args...) }
	if err := npmCI(ctx, dir); err != nil {
		return err
	}
	if err := run("node_modules/.bin/tsc", "-p", "."); err != nil {
		return fmt.Errorf("web: the TypeScript does not type-check (npm run check): %w", err)
	}
	scratch, err := os.MkdirTemp("", "workshop-web-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := run("go", "tool", "-modfile=../../tools/go.mod", "buf", "generate", "-o", scratch); err != nil {
		return err
	}
	bundle := filepath.Join(scratch, "app.js")
	if err := run("node_modules/.bin/esbuild", append([]string{"src/app.ts"}, esbuildFlags(bundle)...)...); err != nil {
		return err
	}
	if err := checkSolutionBundle(ctx, root, step, run); err != nil {
		return err
	}
	pairs := map[string]string{bundle: "dist/app.js"}
	fresh, _ := filepath.Glob(filepath.Join(scratch, "src", "gen", "*", "*", "*.ts"))
	committed, _ := filepath.Glob(filepath.Join(dir, "src", "gen", "*", "*", "*.ts"))
	if len(fresh) == 0 || len(fresh) != len(committed) {
		return fmt.Errorf("web: buf made %d TypeScript files, %d are committed: run npm run generate in %s", len(fresh), len(committed), step.WebDir)
	}
	for _, f := range fresh {
		rel, _ := filepath.Rel(scratch, f)
		pairs[f] = rel
	}
	for made, rel := range pairs {
		want, err := os.ReadFile(made)
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || !sameText(got, want) {
			return fmt.Errorf("web: %s/%s is stale: run npm run generate && npm run build in %s, and commit", step.WebDir, rel, step.WebDir)
		}
	}
	return nil
}
