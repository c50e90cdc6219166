package workshop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// CheckStubs says what is wrong with a run on one exercise's stubs (every
// other exercise solved), or nil: exactly its registered tests fail, each
// with the step's TODO message, and nothing else.
func CheckStubs(step Step, ex Exercise, res Result) error {
	if len(res.Problems) > 0 {
		return fmt.Errorf("stubs: %s", firstLines(res.Problems[0], 8))
	}
	got := res.FailedNames()
	for _, name := range ex.Failing {
		if _, ok := res.Failed[name]; !ok {
			return fmt.Errorf("stubs: %s should fail on the %s stub but passed (or does not exist)", name, ex.Name)
		}
	}
	// The tests of exercises that call this one may fail too (a client's
	// tests need your server); nothing else may.
	allowed := step.FailingOnStub(ex)
	for _, name := range got {
		if !slices.Contains(allowed, name) {
			return fmt.Errorf("stubs: %s fails on the %s stub but is not one of its tests:\n%s", name, ex.Name, firstLines(res.Failed[name], 12))
		}
	}
	marker := "TODO(" + step.Num + ")"
	for _, name := range ex.Failing {
		if !strings.Contains(res.Failed[name], marker) {
			return fmt.Errorf("stubs: %s fails without naming %s, the file and the README section:\n%s",
				name, marker, firstLines(res.Failed[name], 12))
		}
	}
	return nil
}

// CheckSolution says what is wrong with a run on the solutions, or nil.
func CheckSolution(res Result) error {
	if len(res.Problems) > 0 {
		return fmt.Errorf("solution: %s", firstLines(res.Problems[0], 12))
	}
	for _, name := range res.FailedNames() {
		return fmt.Errorf("solution: %s fails:\n%s", name, firstLines(res.Failed[name], 20))
	}
	if len(res.Passed) == 0 {
		return fmt.Errorf("solution: no tests ran")
	}
	return nil
}

// Verify is the maintainer's full check, the README's test command. For every
// step it proves: the stubs compile and fail exactly the registered tests
// with their TODO message; every test passes with the solutions under -race;
// generated code is fresh. The shared packages are tested too. One line per
// check, then "N passed, N failed".
func Verify(ctx context.Context, root string, steps []Step, shared bool, w io.Writer) (failed int) {
	passed := 0
	ci := os.Getenv("CI") == "true"
	report := func(name string, start time.Time, summary string, err error) {
		took := time.Since(start).Round(100 * time.Millisecond)
		if errors.Is(err, ErrSkipped) {
			fmt.Fprintf(w, "SKIP %-28s %v\n", name, err)
			return
		}
		if err != nil {
			failed++
			fmt.Fprintf(w, "FAIL %-28s %v (%s)\n", name, indent(err.Error()), took)
			return
		}
		passed++
		fmt.Fprintf(w, "ok   %-28s %s (%s)\n", name, summary, took)
	}

	if shared {
		start := time.Now()
		res, err := runGoTestIn(ctx, root, "-race", "./internal/...", "./cmd/...")
		if err == nil {
			err = CheckSolution(res)
		}
		report("internal, cmd", start, fmt.Sprintf("%d tests pass (-race)", len(res.Passed)), err)
	}

	for _, step := range steps {
		// The step's npm packages first: its exercises' tests may run node
		// (05's NodeClient), and its given Node tests do (CheckNode).
		var nodeReady error
		if step.NodeDir != "" {
			nodeReady = installNode(ctx, root, step, ci)
		}
		for _, ex := range step.Exercises {
			start := time.Now()
			summary, err := verifyStub(ctx, root, step, ex)
			report(step.Num+" "+ex.Kind()+" "+ex.Name, start, summary, err)
		}
		start := time.Now()
		summary, err := verifyStep(ctx, root, step)
		report(step.Dir, start, summary, err)
		for _, mod := range step.Modules {
			start := time.Now()
			res, err := runGoTestIn(ctx, filepath.Join(root, mod), "./...")
			if err == nil {
				err = CheckSolution(res)
			}
			report(mod, start, fmt.Sprintf("%d tests pass (own go.mod)", len(res.Passed)), err)
		}
		if step.WebDir != "" {
			start := time.Now()
			err := CheckWeb(ctx, root, step, ci)
			report(step.WebDir, start, "tsc: the sources and the solution type-check; generated TypeScript and bundle fresh", err)
		}
		if step.NodeDir != "" {
			start := time.Now()
			n, err := CheckNode(ctx, root, step, nodeReady)
			report(step.NodeDir, start, fmt.Sprintf("node --test: %d tests pass against the Go server", n), err)
		}
		if step.PythonDir != "" {
			start := time.Now()
			n, err := CheckPython(ctx, root, step, ci)
			report(step.PythonDir, start, fmt.Sprintf("python unittest: %d tests pass against the Go server", n), err)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	return failed
}

// verifyStub runs a step's tests with one exercise as committed and every
// other one solved: its stub must fail its own tests, and only those.
func verifyStub(ctx context.Context, root string, step Step, ex Exercise) (string, error) {
	if len(ex.Failing) == 0 {
		return "", fmt.Errorf("%s lists no tests: nothing proves it", ex.Name)
	}
	res, err := RunTests(ctx, root, step, TestOptions{StubOf: &ex})
	if err != nil {
		return "", err
	}
	for _, name := range ex.Failing {
		if slices.Contains(res.Skipped, name) {
			if os.Getenv("CI") == "true" {
				return "", fmt.Errorf("stubs: %s skipped, and CI=true allows no skips", name)
			}
			return "", fmt.Errorf("%w: %s skipped itself (see go test -v -run %s ./%s/)", ErrSkipped, name, name, step.Dir)
		}
	}
	if err := CheckStubs(step, ex, res); err != nil {
		if edited := editedFiles(root, ex.Files); len(edited) > 0 {
			err = fmt.Errorf("%w\n(uncommitted changes in %s are not what was checked: verify reads the committed stubs)",
				err, strings.Join(edited, ", "))
		}
		return "", err
	}
	summary := fmt.Sprintf("%s, %s: the stub fails exactly its %s with TODO(%s), %d others pass",
		ex.Side, strings.Join(ex.Files, " "), plural(len(ex.Failing), "test"), step.Num, len(res.Passed))
	if n := len(res.Failed) - len(ex.Failing); n > 0 {
		summary += fmt.Sprintf(" (and %s of the exercises that call it)", plural(n, "test"))
	}
	return summary, nil
}

// verifyStep runs every test with every solution in place, under -race.
func verifyStep(ctx context.Context, root string, step Step) (string, error) {
	sol, err := RunTests(ctx, root, step, TestOptions{Solution: true, Race: true})
	if err != nil {
		return "", err
	}
	if err := CheckSolution(sol); err != nil {
		return "", err
	}
	summary := fmt.Sprintf("solutions: %d tests pass (-race)", len(sol.Passed))
	if len(sol.Skipped) > 0 {
		if os.Getenv("CI") == "true" {
			return "", fmt.Errorf("solution: %s skipped, and CI=true allows no skips", strings.Join(sol.Skipped, ", "))
		}
		summary += "; SKIPPED " + strings.Join(sol.Skipped, ", ") + " (see go test -v -run " + sol.Skipped[0] + " ./" + step.Dir + "/)"
	}
	for _, d := range step.Demos {
		if err := CheckDemo(ctx, root, d); err != nil {
			return "", err
		}
		summary += "; demo fails as taught: " + d.Name
	}
	if edited := editedFiles(root, step.Files()); len(edited) > 0 {
		summary += "; stubs as committed (" + strings.Join(edited, ", ") + " has changes of yours, left alone)"
	}
	if step.Codegen {
		if err := CheckCodegen(ctx, root, step); err != nil {
			return "", err
		}
		summary += "; buf lint clean, generated code fresh"
		if names := exerciseProtoNames(step); names != "" {
			summary += " (" + names + ": stub and solution)"
		}
		if step.Num == "01" {
			summary += ", buf breaking agrees with the lesson"
		}
	}
	return summary, nil
}

// CheckCodegen lints the .proto and regenerates into a scratch directory with
// the same pinned buf and plugins, then compares with the committed files.
func CheckCodegen(ctx context.Context, root string, step Step) error {
	dir := filepath.Join(root, step.Dir)
	buf := bufIn(ctx, root, dir, "")
	if err := buf("lint"); err != nil {
		return err
	}
	scratch, err := os.MkdirTemp("", "workshop-gen-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := buf("generate", "-o", scratch); err != nil {
		return err
	}
	fresh, _ := filepath.Glob(filepath.Join(scratch, "*", "*", "*.go"))
	committed, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.pb.go"))
	if len(fresh) == 0 || len(fresh) != len(committed) {
		return fmt.Errorf("codegen: buf made %d files, %d are committed: run go generate ./%s/...", len(fresh), len(committed), step.Dir)
	}
	stale, err := firstStale(fresh, func(f string) string {
		rel, _ := filepath.Rel(scratch, f)
		return filepath.Join(dir, rel)
	})
	if err != nil {
		return err
	}
	if stale != "" {
		rel, _ := filepath.Rel(dir, stale)
		return fmt.Errorf("codegen: %s/%s is stale: run go generate ./%s/... and commit", step.Dir, filepath.ToSlash(rel), step.Dir)
	}
	if err := checkExerciseCodegen(ctx, root, step); err != nil {
		return err
	}
	if step.Num == "01" {
		if err := checkOpenAPI(root, step, buf); err != nil {
			return err
		}
		return checkBreakingRules(ctx, dir)
	}
	return nil
}

// checkOpenAPI regenerates the OpenAPI document step 07 serves (its own buf
// template, which writes outside 01-proto) and compares it with the
// committed one; then the same for the solution's (07's OpenAPI exercise:
// the learner writes 01-proto/openapi.yaml, go generate writes the JSON).
func checkOpenAPI(root string, step Step, buf func(...string) error) error {
	template, err := os.ReadFile(filepath.Join(root, step.Dir, "buf.gen.openapi.yaml"))
	if err != nil {
		return err
	}
	const config, docs = "openapi_configuration=openapi.yaml", "07-grpc-web/openapi"
	if !strings.Contains(string(template), config) {
		return fmt.Errorf("codegen: %s/buf.gen.openapi.yaml no longer says %s", step.Dir, config)
	}
	solved := strings.Replace(string(template), config,
		"openapi_configuration="+filepath.ToSlash(filepath.Join(root, SolutionPath(step.Dir+"/openapi.yaml"))), 1)
	for _, c := range []struct{ template, committed string }{
		{"buf.gen.openapi.yaml", filepath.Join(root, filepath.FromSlash(docs))},
		{solved, filepath.Join(root, SolutionPath(docs))},
	} {
		if err := sameOpenAPI(step, buf, c.template, c.committed); err != nil {
			return err
		}
	}
	return nil
}

// sameOpenAPI runs buf with template (a file, or the template itself) and
// compares the documents it writes with those in committed. buf's -o is the
// base of the template's out path (../07-grpc-web/openapi), so the scratch
// copy mirrors the repository.
func sameOpenAPI(step Step, buf func(...string) error, template, committed string) error {
	scratch, err := os.MkdirTemp("", "workshop-openapi-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	if err := buf("generate", "--template", template, "-o", filepath.Join(scratch, step.Dir)); err != nil {
		return err
	}
	fresh, _ := filepath.Glob(filepath.Join(scratch, "07-grpc-web", "openapi", "*.json"))
	have, _ := filepath.Glob(filepath.Join(committed, "*.json"))
	if len(fresh) == 0 || len(fresh) != len(have) {
		return fmt.Errorf("codegen: buf made %d OpenAPI documents, %d are in %s: run go generate ./%s/...", len(fresh), len(have), committed, step.Dir)
	}
	stale, err := firstStale(fresh, func(f string) string { return filepath.Join(committed, filepath.Base(f)) })
	if err != nil || stale == "" {
		return err
	}
	return fmt.Errorf("codegen: %s is stale: run go generate ./%s/... (for the solution: with its openapi.yaml in place, then copy the JSON back)", stale, step.Dir)
}

// firstStale compares each freshly generated file with its committed twin
// and returns the first twin that is missing or differs ("" if none).
func firstStale(fresh []string, twin func(string) string) (string, error) {
	for _, f := range fresh {
		want, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		path := twin(f)
		if got, err := os.ReadFile(path); err != nil || !sameText(got, want) {
			return path, nil
		}
	}
	return "", nil
}

// bufIn runs the pinned buf (tools/go.mod) in dir; what names the input in
// its errors ("" for the step's own module).
func bufIn(ctx context.Context, root, dir, what string) func(args ...string) error {
	modfile, _ := filepath.Abs(filepath.Join(root, "tools", "go.mod"))
	return func(args ...string) error {
		cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "-modfile=" + modfile, "buf"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("buf %s%s: %v\n%s", args[0], what, err, out)
		}
		return nil
	}
}

// checkBreakingRules holds buf.yaml's breaking rules to what 01 teaches
// (its README and the Breaking exercise): removing a field whose number
// and name are reserved is safe; removing one without, or renaming one
// (JSON sends names), breaks. FILE, buf's default, would also refuse the
// safe removal: it guards Go source (a getter disappears), not the wire.
func checkBreakingRules(ctx context.Context, dir string) error {
	const field = "  string description = 3;\n"
	cases := []struct {
		what, with string
		breaks     bool
	}{
		{"a field removed, its number and name reserved", "  reserved 3;\n  reserved \"description\";\n", false},
		{"a field removed, its number free", "", true},
		{"a field renamed", "  string summary = 3;\n", true},
	}
	for _, c := range cases {
		scratch, err := os.MkdirTemp("", "workshop-breaking-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(scratch)
		if err := os.CopyFS(scratch, os.DirFS(dir)); err != nil {
			return err
		}
		proto := filepath.Join(scratch, "ecommerce", "v1", "product_service.proto")
		src, err := os.ReadFile(proto)
		if err != nil {
			return err
		}
		changed := strings.Replace(strings.ReplaceAll(string(src), "\r\n", "\n"), field, c.with, 1)
		if changed == string(src) {
			return fmt.Errorf("buf breaking: %q is not in product_service.proto any more: update checkBreakingRules", field)
		}
		if err := os.WriteFile(proto, []byte(changed), 0o644); err != nil {
			return err
		}
		cmd := exec.CommandContext(ctx, "go", "tool", "-modfile="+filepath.Join(dir, "..", "tools", "go.mod"), "buf", "breaking", scratch, "--against", dir)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if broke := err != nil; broke != c.breaks {
			return fmt.Errorf("buf breaking (buf.yaml's rules) on %s: breaks=%v, 01's lesson says %v:\n%s", c.what, broke, c.breaks, out)
		}
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n       ") }

// editedFiles lists the files that differ from git HEAD.
func editedFiles(root string, files []string) []string {
	inRepo := exec.Command("git", "rev-parse", "--verify", "HEAD")
	inRepo.Dir = root
	if inRepo.Run() != nil {
		return nil // no git history to compare with
	}
	var edited []string
	for _, ex := range files {
		cmd := exec.Command("git", "diff", "--quiet", "HEAD", "--", ex)
		cmd.Dir = root
		if err := cmd.Run(); err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) && exit.ExitCode() == 1 { // 1: differs
				edited = append(edited, ex)
			}
		}
	}
	return edited
}
