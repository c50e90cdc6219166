package workshop

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const events = `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"ok\n"}
{"Action":"pass","Package":"p","Test":"TestA"}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"run","Package":"p","Test":"TestB/sub"}
{"Action":"output","Package":"p","Test":"TestB/sub","Output":"TODO(02): write it\n"}
{"Action":"fail","Package":"p","Test":"TestB/sub"}
{"Action":"fail","Package":"p","Test":"TestB"}
{"Action":"fail","Package":"p"}
{"ImportPath":"q [q.test]","Action":"build-output","Output":"q/x.go:1: undefined: y\n"}
{"Action":"fail","Package":"q","FailedBuild":"q [q.test]"}
{"Action":"output","Package":"r","Output":"goleak: found unexpected goroutines\n"}
{"Action":"fail","Package":"r"}
not json at all
`

func TestParseTestJSON(t *testing.T) {
	res := ParseTestJSON(strings.NewReader(events))

	assert.Equal(t, []string{"TestA"}, res.Passed)
	assert.Equal(t, []string{"TestB"}, res.FailedNames(), "subtests count towards their top-level test")
	assert.Contains(t, res.Failed["TestB"], "TODO(02)")
	require.Len(t, res.Problems, 2, "a build failure and a leak are package problems: %q", res.Problems)
	assert.Contains(t, res.Problems[0], "undefined: y")
	assert.Contains(t, res.Problems[1], "goleak")
	assert.False(t, res.OK())
}

func TestCheckStubs(t *testing.T) {
	step := Step{Num: "02"}
	ex := Exercise{Name: "A", Failing: []string{"TestA", "TestB"}}
	todo := "rpc error: TODO(02): write it -- see README"
	cases := []struct {
		name string
		res  Result
		want string // "" means no error
	}{
		{"exactly the listed tests", Result{Failed: map[string]string{"TestA": todo, "TestB": todo}, Passed: []string{"TestC"}}, ""},
		{"a listed test passes", Result{Failed: map[string]string{"TestA": todo}, Passed: []string{"TestB"}}, "TestB should fail"},
		{"an unlisted test fails", Result{Failed: map[string]string{"TestA": todo, "TestB": todo, "TestC": "boom"}}, "TestC fails on the A stub but is not one of its tests"},
		{"a failure without the TODO", Result{Failed: map[string]string{"TestA": todo, "TestB": "expected 4"}}, "without naming TODO(02)"},
		{"the stubs do not build", Result{Failed: map[string]string{}, Problems: []string{"undefined: x"}}, "undefined: x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckStubs(step, ex, tc.res)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestCheckSolution(t *testing.T) {
	assert.NoError(t, CheckSolution(Result{Passed: []string{"TestA"}, Failed: map[string]string{}}))
	assert.ErrorContains(t, CheckSolution(Result{Failed: map[string]string{"TestA": "x"}}), "TestA fails")
	assert.ErrorContains(t, CheckSolution(Result{Failed: map[string]string{}}), "no tests ran")
	assert.ErrorContains(t, CheckSolution(Result{Failed: map[string]string{}, Problems: []string{"goleak"}}), "goleak")
}

// The registry must match the files: every exercise has its solution twin,
// every step a README, and every listed test exists.
// generatedGo is Go's mark of a generated file.
var generatedGo = regexp.MustCompile(`(?m)^// Code generated .* DO NOT EDIT\.$`)

func TestRegistryMatchesTheFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, s := range Steps {
		assert.FileExists(t, filepath.Join(root, s.Dir, "README.md"))
		require.NotEmpty(t, s.Exercises, s.Dir)
		names := map[string]bool{}
		for _, e := range s.Exercises {
			assert.False(t, names[strings.ToLower(e.Name)], "%s: two exercises named %s", s.Dir, e.Name)
			names[strings.ToLower(e.Name)] = true
			assert.Contains(t, []string{"server", "client", "contract"}, e.Side, "%s %s", s.Dir, e.Name)
			assert.Positive(t, e.Minutes, "%s %s", s.Dir, e.Name)
			assert.GreaterOrEqual(t, len(e.Hints), 3, "%s %s: the idea, where to look, then code", s.Dir, e.Name)
			assert.NotEmpty(t, e.Failing, "%s %s: a test must prove it", s.Dir, e.Name)
			if len(e.Hints) > 0 {
				assert.NotRegexp(t, codeLike, e.Hints[0], "%s %s: the first hint is the idea, without code", s.Dir, e.Name)
			}
		}
		for _, ex := range s.Files() {
			assert.FileExists(t, filepath.Join(root, ex))
			assert.FileExists(t, filepath.Join(root, SolutionPath(ex)))
			stub := committed(t, root, ex) // a learner's edits are not the stub
			if generatedGo.Match(stub) {
				continue // go generate's output: the TODO is in the .proto it comes from
			}
			assert.Contains(t, string(stub), "TODO("+s.Num+")", ex)
			// Every "see NN-step/README.md#section" in a stub leads somewhere.
			links := regexp.MustCompile(`(?i)see (\S+/README\.md)#([\w-]+)`).FindAllStringSubmatch(string(stub), -1)
			assert.NotEmpty(t, links, "%s: the TODO must point at a README section", ex)
			for _, m := range links {
				readme, err := os.ReadFile(filepath.Join(root, m[1]))
				require.NoError(t, err)
				assert.Contains(t, headingAnchors(string(readme)), m[2], "%s points at %s#%s, which has no such heading", ex, m[1], m[2])
			}
		}
		tests := testFuncs(t, filepath.Join(root, s.Dir))
		for _, e := range s.Exercises {
			for _, name := range append(slices.Clone(e.Failing), e.Guards...) {
				assert.True(t, tests[name], "%s %s lists %s, which no _test.go in %s defines", s.Num, e.Name, name, s.Dir)
			}
		}
		if s.Server != "" {
			assert.DirExists(t, filepath.Join(root, s.Server))
		}
		found, ok := Find(strings.TrimPrefix(s.Num, "0"))
		assert.True(t, ok)
		assert.Equal(t, s.Dir, found.Dir)
	}
}

// codeLike spots code in a hint: a call with arguments, an assignment, a
// brace. A first hint names ideas, not statements.
var codeLike = regexp.MustCompile(`\w\(\w|:=|[{}]`)

// testFuncs finds the tests in dir and its packages below (a step's tests
// run as ./NN-step/...).
func testFuncs(t *testing.T, dir string) map[string]bool {
	var files []string
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, "_test.go") {
			files = append(files, path)
		}
		return err
	}))
	found := map[string]bool{}
	re := regexp.MustCompile(`(?m)^func ((?:Test|Fuzz)\w+)\([tf] \*testing\.[TF]\)`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			found[m[1]] = true
		}
	}
	return found
}

// needTool skips a test that runs name where name is not installed (a
// Windows test binary under wine, as .ci/wine runs them, has no git or go
// it can start), saying so; under CI=true it fails instead.
func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true: %v", name, err)
		}
		t.Skipf("SKIPPED: this test runs %s, which is not installed here: %v", name, err)
	}
}

// writeFile writes content to root/path, making its folders.
func writeFile(t *testing.T, root, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(root, path)), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, path), []byte(content), 0o644))
}

// fakeRepo is a tiny git repository with one step, for solve and reset.
func fakeRepo(t *testing.T) (string, Step) {
	t.Helper()
	needTool(t, "git")
	root := t.TempDir()
	writeFile(t, root, "09-x/ex.go", "stub\n")
	writeFile(t, root, "_solutions/09-x/ex.go", "solution\n")
	for _, args := range [][]string{
		{"init", "-q"}, {"add", "."},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	return root, Step{Num: "09", Dir: "09-x", Exercises: []Exercise{{Name: "X", Side: "server", Files: []string{"09-x/ex.go"}, Hints: []string{"idea", "where", "code"}}}}
}

func read(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestSolveAsksFirst(t *testing.T) {
	root, step := fakeRepo(t)
	ex := filepath.Join(root, "09-x/ex.go")
	var out bytes.Buffer
	cli := &CLI{Root: root, In: strings.NewReader("n\n"), Out: &out, Steps: []Step{step}}

	assert.Equal(t, 0, cli.Run(context.Background(), []string{"solve", "09"}))
	assert.Equal(t, "stub\n", read(t, ex), "no means no")

	require.NoError(t, os.WriteFile(ex, []byte("my attempt\n"), 0o644))
	cli.In = strings.NewReader("y\n")
	assert.Equal(t, 0, cli.Run(context.Background(), []string{"solve", "9"}))
	assert.Equal(t, "solution\n", read(t, ex))
	assert.Equal(t, "my attempt\n", read(t, ex+".mine"), "the learner's work is kept")

	cli.In = strings.NewReader("") // no answer: nothing to ask, it is already solved
	assert.Equal(t, 0, cli.Run(context.Background(), []string{"solve", "09"}))
	assert.Contains(t, out.String(), "already the solution")
}

func TestResetRestoresTheStub(t *testing.T) {
	root, step := fakeRepo(t)
	ex := filepath.Join(root, "09-x/ex.go")
	require.NoError(t, os.WriteFile(ex, []byte("half done\n"), 0o644))
	cli := &CLI{Root: root, In: strings.NewReader(""), Out: &bytes.Buffer{}, Steps: []Step{step}}

	assert.Equal(t, 0, cli.Run(context.Background(), []string{"reset", "09"}))
	assert.Equal(t, "half done\n", read(t, ex), "no answer (EOF) is no")

	cli.In = strings.NewReader("yes\n")
	assert.Equal(t, 0, cli.Run(context.Background(), []string{"reset", "09"}))
	assert.Equal(t, "stub\n", read(t, ex))
	assert.Equal(t, "half done\n", read(t, ex+".mine"))

	// solve, then reset: the second backup must not replace the first.
	cli.In = strings.NewReader("y\ny\n")
	require.NoError(t, os.WriteFile(ex, []byte("second try\n"), 0o644))
	assert.Equal(t, 0, cli.Run(context.Background(), []string{"solve", "09"}))
	assert.Equal(t, 0, cli.Run(context.Background(), []string{"reset", "09"}))
	assert.Equal(t, "half done\n", read(t, ex+".mine"))
	assert.Equal(t, "second try\n", read(t, ex+".mine.2"))
	assert.Equal(t, "solution\n", read(t, ex+".mine.3"))

	// A deleted exercise file comes back without a question.
	require.NoError(t, os.Remove(ex))
	cli.In = strings.NewReader("")
	assert.Equal(t, 0, cli.Run(context.Background(), []string{"reset", "09"}))
	assert.Equal(t, "stub\n", read(t, ex))
}

func TestCommandErrors(t *testing.T) {
	var out bytes.Buffer
	cli := &CLI{Root: t.TempDir(), In: strings.NewReader(""), Out: &out, Steps: Steps}
	assert.Equal(t, 2, cli.Run(context.Background(), []string{"frobnicate"}))
	assert.Contains(t, out.String(), "usage:")
	assert.Equal(t, 1, cli.Run(context.Background(), []string{"hint", "99"}))
	assert.Contains(t, out.String(), `no step "99"`)
	assert.Equal(t, 1, cli.Run(context.Background(), []string{"hint"}))
	assert.Equal(t, 1, cli.Run(context.Background(), []string{"hint", "2", "NoSuchExercise"}))
	assert.Contains(t, out.String(), "has no exercise")
}

func TestHintGivesOneAtATime(t *testing.T) {
	root, step := fakeRepo(t)
	var out bytes.Buffer
	cli := &CLI{Root: root, In: strings.NewReader(""), Out: &out, Steps: []Step{step}}
	hint := func(args ...string) string {
		out.Reset()
		require.Equal(t, 0, cli.Run(context.Background(), append([]string{"hint", "09"}, args...)), out.String())
		return out.String()
	}

	first := hint("x")
	assert.Contains(t, first, "Hint 1/3: idea")
	assert.NotContains(t, first, "where")
	second := hint("X")
	assert.Contains(t, second, "Hint 2/3: where")
	assert.NotContains(t, second, "idea")
	assert.Contains(t, hint("x"), "Hint 3/3: code")
	last := hint("x")
	assert.Contains(t, last, "Hint 3/3: code", "after the last, the last again")
	assert.Contains(t, last, "solve 09")

	all := hint("x", "--all")
	for _, h := range []string{"idea", "where", "code"} {
		assert.Contains(t, all, h)
	}
	assert.FileExists(t, filepath.Join(root, ".workshop", "hints.json"))
}

func TestDoctorReportsEveryTool(t *testing.T) {
	var out bytes.Buffer
	Doctor(&out, t.TempDir(), false)
	for _, name := range []string{"go", "go version", "race detector", "node", "npm", "chromium", "git", "python", "buf", "grpcurl", "ports", "line endings"} {
		assert.Regexp(t, `(?m)^`+name+` `, out.String())
	}
	assert.Regexp(t, `(?m)^  doctor (ready|NOT READY): `+runtime.GOOS+"/"+runtime.GOARCH+` go=`, out.String(), "the line to paste, last")
	needTool(t, "go")
	assert.Regexp(t, `(?m)^go +ok`, out.String())
}

// headingAnchors lists the anchors GitHub makes of a Markdown file's
// headings: lower case, spaces to dashes, punctuation dropped.
func headingAnchors(md string) []string {
	var anchors []string
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		title := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		var b strings.Builder
		for _, r := range title {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
				b.WriteRune(r)
			}
		}
		anchors = append(anchors, b.String())
	}
	return anchors
}

func TestEditedExercisesAreNamed(t *testing.T) {
	root, step := fakeRepo(t)
	assert.Empty(t, editedFiles(root, step.Files()))
	require.NoError(t, os.WriteFile(filepath.Join(root, "09-x/ex.go"), []byte("my attempt\n"), 0o644))
	assert.Equal(t, []string{"09-x/ex.go"}, editedFiles(root, step.Files()))
	assert.Empty(t, editedFiles(t.TempDir(), step.Files()), "outside git: nothing to say")
}

// committed is a file as git HEAD has it, or as it is without git history.
func committed(t *testing.T, root, path string) []byte {
	cmd := exec.Command("git", "show", "HEAD:"+filepath.ToSlash(path))
	cmd.Dir = root
	if b, err := cmd.Output(); err == nil {
		return b
	}
	b, err := os.ReadFile(filepath.Join(root, path))
	require.NoError(t, err)
	return b
}

func TestFuzzTargetsExist(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, f := range FuzzTargets {
		assert.True(t, testFuncs(t, filepath.Join(root, f.Pkg))[f.Name], "%s has no %s", f.Pkg, f.Name)
		if f.Step != "" {
			_, ok := Find(f.Step)
			assert.True(t, ok, f.Step)
		}
	}
}

// A Go older than any go.mod's go line is refused with the install line;
// the same or newer passes.
func TestDoctorRefusesAnOldGo(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\r\n\r\ngo 1.26.0\r\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "tools"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "tools", "go.mod"), []byte("module t\n\ngo 1.26.7\n"), 0o644))
	assert.Empty(t, goTooOld(root, "go1.26.7"))
	assert.Empty(t, goTooOld(root, "go1.27.0"))
	problem := goTooOld(root, "go1.26.6")
	assert.Contains(t, problem, "tools/go.mod needs Go 1.26.7 or newer, this is go1.26.6")
	assert.Contains(t, problem, "https://go.dev/dl/")
}

// Every step's README lists its exercises as the registry has them (name,
// kind, side, minutes), each linked to a heading of that README; the root
// README's table has each step's core and stretch minutes. An earlier
// version left out three exercises and gave 06's stretch half its time.
func TestReadmeTablesMatchTheRegistry(t *testing.T) {
	root := filepath.Join("..", "..")
	row := regexp.MustCompile(`(?m)^\| \[(\w+)\]\(#([\w-]+)\) \| (core|stretch) \| ([^|]+) \| [^|]+ \| ~(\d+) min \|$`)
	rootReadme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	for _, s := range Steps {
		b, err := os.ReadFile(filepath.Join(root, s.Dir, "README.md"))
		require.NoError(t, err)
		readme := string(b)
		listed := map[string][]string{}
		for _, m := range row.FindAllStringSubmatch(readme, -1) {
			listed[m[1]] = m[2:]
		}
		for _, e := range s.Exercises {
			m, ok := listed[e.Name]
			if !assert.True(t, ok, "%s/README.md: no table row for %s", s.Dir, e.Name) {
				continue
			}
			anchor, kind, side, minutes := m[0], m[1], m[2], m[3]
			assert.Contains(t, headingAnchors(readme), anchor, "%s/README.md: %s links to #%s, which is no heading", s.Dir, e.Name, anchor)
			assert.Equal(t, e.Kind(), kind, "%s %s", s.Dir, e.Name)
			assert.Contains(t, side, e.Side, "%s %s", s.Dir, e.Name)
			assert.Equal(t, fmt.Sprint(e.Minutes), minutes, "%s %s: minutes", s.Dir, e.Name)
			delete(listed, e.Name)
		}
		assert.Empty(t, listed, "%s/README.md lists exercises the registry does not have", s.Dir)

		stepRow := regexp.MustCompile(`(?m)^\| \[` + regexp.QuoteMeta(s.Dir) + `\].*\| ~(\d+) min \| ~(\d+) min \|$`).FindStringSubmatch(string(rootReadme))
		if assert.NotNil(t, stepRow, "README.md: no row for %s", s.Dir) {
			assert.Equal(t, fmt.Sprint(s.Minutes(false)), stepRow[1], "README.md: %s core minutes", s.Dir)
			assert.Equal(t, fmt.Sprint(s.Minutes(true)), stepRow[2], "README.md: %s stretch minutes", s.Dir)
		}
	}
}

// "All of it" names the folder whose package holds the tests, which may be
// below the step's (01-proto/stock), or the step's own when unknown.
func TestAllOfItNamesTheTestsPackage(t *testing.T) {
	s := Step{Dir: "01-proto"}
	res := Result{Packages: map[string]string{
		"TestReserve": "github.com/grpcvsrest/workshop/01-proto/stock",
		"TestWire":    "github.com/grpcvsrest/workshop/01-proto",
	}}
	assert.Equal(t, []string{"./01-proto/stock/"}, packageDirs(s, res, []string{"TestReserve"}))
	assert.Equal(t, []string{"./01-proto/stock/", "./01-proto/"}, packageDirs(s, res, []string{"TestReserve", "TestWire", "TestUnknown"}))
}

// A done exercise whose test skipped itself says so, with the test's reason.
func TestSkippedTestsAreNamedBesideDone(t *testing.T) {
	ex := Exercise{Name: "Cache", Failing: []string{"TestCacheHeaders", "TestCacheInFrontOfTheAPI"}}
	res := Result{Skips: map[string]string{"TestCacheInFrontOfTheAPI": "=== RUN   TestCacheInFrontOfTheAPI\n    cache_nginx_test.go:34: SKIPPED: nginx is not installed: sudo apt-get install nginx-light\n--- SKIP: TestCacheInFrontOfTheAPI (0.00s)\n"}}
	assert.Equal(t, "TestCacheInFrontOfTheAPI skipped: nginx is not installed: sudo apt-get install nginx-light", skipNote(ex, res))
	assert.Empty(t, skipNote(ex, Result{}))
}

// A parent's own t.Errorf, printed before its subtests ran (and passed), is
// still the failure when the parent's "--- FAIL" comes after them.
func TestAParentsMessageOutlivesItsSubtests(t *testing.T) {
	out := "=== RUN   TestDoc\n" +
		"    openapi_test.go:139: GET /v1/products asks for no token\n" +
		"=== RUN   TestDoc/a\n" +
		"    openapi_test.go:200: a log line of the subtest\n" +
		"--- PASS: TestDoc/a (0.00s)\n" +
		"=== RUN   TestDoc/b\n" +
		"--- PASS: TestDoc/b (0.00s)\n" +
		"--- FAIL: TestDoc (0.01s)\n"
	f := parseFailure("TestDoc", out)
	assert.Equal(t, "TestDoc", f.Test)
	assert.Equal(t, []string{"GET /v1/products asks for no token"}, f.Lines)
}

// Two mistakes at once: the diagnosis under the shown assertion explains
// that assertion, even when another mistake's diagnosis comes first.
func TestTheDiagnosisFitsTheShownFailure(t *testing.T) {
	ex := Exercise{Diagnoses: []Diagnosis{
		{Test: "TestDoc", Match: "documents 401", Says: "the 401"},
		{Test: "TestDoc", Match: "a content type the document does not list", Says: "the content type"},
	}}
	out := "=== RUN   TestDoc\n" +
		"    openapi_test.go:136: GET /v1/products documents 401, but the server never answers 401 there\n" +
		"=== RUN   TestDoc/415\n" +
		"    openapi_test.go:210: \n" +
		"        \tError Trace:\topenapi_test.go:210\n" +
		"        \tError:      \tShould be true\n" +
		"        \tTest:       \tTestDoc/415\n" +
		"        \tMessages:   \tanswers 415 as text/plain, a content type the document does not list\n" +
		"--- FAIL: TestDoc/415 (0.00s)\n" +
		"--- FAIL: TestDoc (0.01s)\n"
	f := parseFailure("TestDoc", out)
	require.Contains(t, f.Raw, "a content type")
	assert.Equal(t, "the content type", ex.DiagnoseShown("TestDoc", f.Raw, out).Says)
	assert.Equal(t, "the 401", ex.Diagnose("TestDoc", out).Says, "without the shown failure: the first that fits")
}

// A subtest's panic is the failure, not a line its parent logged before.
func TestAPanicOutranksAnEarlierLog(t *testing.T) {
	out := "=== RUN   TestServe\n" +
		"    serve_test.go:20: serving on 127.0.0.1:1234\n" +
		"=== RUN   TestServe/get\n" +
		"--- FAIL: TestServe/get (0.00s)\n" +
		"--- FAIL: TestServe (0.00s)\n" +
		"panic: assignment to entry in nil map [recovered]\n" +
		"goroutine 7 [running]:\n"
	assert.Equal(t, []string{"panic: assignment to entry in nil map [recovered]"}, parseFailure("TestServe", out).Lines)
}

// Two failing subtests of one test: the second is named, not hidden.
func TestOtherFailedSubtestsAreNamed(t *testing.T) {
	out := "=== RUN   TestNodeStreams\n" +
		"    --- FAIL: TestNodeStreams/resolves_on_status (0.00s)\n" +
		"    --- PASS: TestNodeStreams/half-closes (0.00s)\n" +
		"    --- FAIL: TestNodeStreams/waits_for_drain (0.00s)\n" +
		"--- FAIL: TestNodeStreams (0.01s)\n"
	assert.Equal(t, []string{"TestNodeStreams/waits_for_drain"}, otherFailedSubtests(out, "TestNodeStreams/resolves_on_status"))
	assert.Equal(t, []string{"TestNodeStreams/resolves_on_status", "TestNodeStreams/waits_for_drain"}, otherFailedSubtests(out, "TestNodeStreams"), "the parent's own failure shown: every failed subtest is named")
}
