package workshop

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A testify failure, as go test -json hands it over (one subtest failing).
const testifyOut = `=== RUN   TestListProductsRejectsBadInput
=== RUN   TestListProductsRejectsBadInput/negative_page_size
    list_products_test.go:201: 
        	Error Trace:	/home/me/workshop/03-server-stream/list_products_test.go:201
        	Error:      	Not equal: 
        	            	expected: "InvalidArgument"
        	            	actual  : "OK"
        	            	
        	            	Diff:
        	            	--- Expected
        	            	+++ Actual
        	Test:       	TestListProductsRejectsBadInput/negative_page_size
        	Messages:   	page_size -1 is refused before anything is sent
    list_products_test.go:203: 
        	Error Trace:	/home/me/workshop/03-server-stream/list_products_test.go:203
        	Error:      	Should be empty
        	Test:       	TestListProductsRejectsBadInput/negative_page_size
--- FAIL: TestListProductsRejectsBadInput/negative_page_size (0.00s)
--- FAIL: TestListProductsRejectsBadInput (0.01s)
`

// A t.Errorf failure.
const plainOut = `=== RUN   TestUnaryAuth
=== RUN   TestUnaryAuth/wrong_token
    auth_test.go:40: code Unauthenticated, got OK: a wrong token must be refused
--- FAIL: TestUnaryAuth/wrong_token (0.00s)
--- FAIL: TestUnaryAuth (0.00s)
`

func TestAFailureIsTheAssertionsWords(t *testing.T) {
	f := parseFailure("TestListProductsRejectsBadInput", testifyOut)
	assert.Equal(t, "TestListProductsRejectsBadInput/negative_page_size", f.Test)
	assert.Equal(t, []string{"Not equal:", `  expected: "InvalidArgument"`, `  actual  : "OK"`,
		"page_size -1 is refused before anything is sent"}, f.Lines,
		"the first assertion only: its error and message, no trace into the test file, no diff")

	f = parseFailure("TestUnaryAuth", plainOut)
	assert.Equal(t, "TestUnaryAuth/wrong_token", f.Test)
	assert.Equal(t, []string{"code Unauthenticated, got OK: a wrong token must be refused"}, f.Lines)

	long := "=== RUN   TestX\n" + strings.Repeat("    x_test.go:1: "+strings.Repeat("y", 300)+"\n", 20) + "--- FAIL: TestX (0.00s)\n"
	f = parseFailure("TestX", long)
	assert.Len(t, f.Lines, maxFailureLines, "a screenful at most")
	assert.LessOrEqual(t, len([]rune(f.Lines[0])), 160)
}

func TestADiagnosisNamesTheMistake(t *testing.T) {
	ex := Exercise{Name: "ListProducts", Diagnoses: []Diagnosis{
		{Test: "TestListProductsRejectsBadInput/bad_token", Says: "a token"},
		{Test: "TestListProductsRejectsBadInput/negative_page_size", Match: `actual  : "OK"`, Says: "negative"},
		{Test: "TestUnaryAuth", Match: "wrong token", Says: "auth"},
	}}
	d := ex.Diagnose("TestListProductsRejectsBadInput", testifyOut)
	require.NotNil(t, d)
	assert.Equal(t, "negative", d.Says, "the subtest that failed, not another case of the same test")
	assert.Nil(t, ex.Diagnose("TestListProducts", testifyOut), "another test")
	assert.Equal(t, "auth", ex.Diagnose("TestUnaryAuth", plainOut).Says)
	assert.Nil(t, ex.Diagnose("TestUnaryAuth", strings.ReplaceAll(plainOut, "wrong token", "empty token")), "Match must be in the output")
}

// Every diagnosis in the registry can fire and points somewhere real: its
// test is one of its exercise's, its Match is words the step's code or tests
// print (a renamed message breaks the diagnosis here, not silently in the
// room), and its README section exists.
func TestTheRegistrysDiagnosesAreReal(t *testing.T) {
	root := filepath.Join("..", "..")
	funcTest := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	count := 0
	for _, s := range Steps {
		sources := stepSources(t, root, s)
		for _, ex := range s.Exercises {
			if !ex.Stretch {
				assert.GreaterOrEqual(t, len(ex.Diagnoses), 3, "%s %s: a core exercise has a diagnosis for each of at least three known mistakes", s.Num, ex.Name)
			}
			for _, d := range ex.Diagnoses {
				count++
				top, _, _ := strings.Cut(d.Test, "/")
				assert.True(t, slices.Contains(ex.Failing, top) || slices.Contains(ex.Guards, top),
					"%s %s: diagnosis for %s, which is not one of its tests", s.Num, ex.Name, d.Test)
				assert.Contains(t, funcTest.FindAllString(sources, -1), "func "+top+"(", "%s %s: %s is not defined", s.Num, ex.Name, top)
				if d.Match != "" {
					_, formatted := printedFormatted[d.Match]
					assert.True(t, formatted || strings.Contains(sources, d.Match) || slices.ContainsFunc(testifyWords, func(w string) bool { return strings.HasPrefix(d.Match, w) }),
						"%s %s: %q is printed by nothing in %s", s.Num, ex.Name, d.Match, s.Dir)
				}
				assert.NotEmpty(t, d.Says)
				file, anchor, ok := strings.Cut(d.See, "#")
				require.True(t, ok, "%s %s: See %q is file#anchor", s.Num, ex.Name, d.See)
				md, err := os.ReadFile(filepath.Join(root, file))
				require.NoError(t, err, "%s %s: See %q", s.Num, ex.Name, d.See)
				assert.Contains(t, headingAnchors(string(md)), anchor, "%s %s: %s has no section #%s", s.Num, ex.Name, file, anchor)
			}
		}
	}
	for match := range printedFormatted { // no entry outlives its diagnosis
		assert.True(t, slices.ContainsFunc(Steps, func(s Step) bool {
			return slices.ContainsFunc(s.Exercises, func(ex Exercise) bool {
				return slices.ContainsFunc(ex.Diagnoses, func(d Diagnosis) bool { return d.Match == match })
			})
		}), "printedFormatted lists %q, which no diagnosis matches any more", match)
	}
	t.Logf("%d diagnoses", count)
}

// testifyWords begin what testify and the runtime print around a value.
var testifyWords = []string{"actual  : ", "expected: ", "Target error should be in err chain", "should not contain", "does not contain", "slice bounds out of range", "race detected", "Received unexpected error"}

// printedFormatted are Matches that no source holds as written: a test
// prints them with printf verbs filled in, or a library does. Each says
// where its words come from; every other Match must be in the sources.
var printedFormatted = map[string]string{
	"is uint32, not int32":                     "stock's helpers_test.go: \"field %s of %s is %s, not %s\"",
	"used more than once":                      "buf's own refusal of a reused field number",
	"context canceled":                         "Go's context.Canceled",
	"code = Internal":                          "grpc-go's status error text",
	`"status":400`:                             "the JSON of 06's error body",
	`"status":500`:                             "the JSON of 06's error body",
	"cookie reached the inventory":             "hop_test.go: \"the caller's %s reached the inventory\"",
	`"req-42", "req-42"`:                       "testify printing the []string the inventory saw",
	"answers 415, and its body does not match": "openapi_test.go: \"answers %d, and its body does not match\"",
	"disallowed external reference":            "kin-openapi's refusal of a $ref outside the document",
	"documents 401, but none of the requests":  "openapi_test.go: \"documents %s, but none of the requests\"",
}

// stepSources is the Go, TypeScript and JavaScript of a step (its code,
// tests and solutions) and its given packages: where a failure's words
// come from.
func stepSources(t *testing.T, root string, s Step) string {
	t.Helper()
	var b strings.Builder
	for _, dir := range []string{s.Dir, filepath.Join("_solutions", s.Dir), "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			if d.IsDir() && path == filepath.Join(root, "internal", "workshop") {
				return filepath.SkipDir // the diagnoses themselves: every Match is there
			}
			if strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".ts") || strings.HasSuffix(path, ".js") {
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				b.Write(data)
			}
			return nil
		})
		require.NoError(t, err)
	}
	return b.String()
}

// An exercise is done when its tests ran and passed: a panic that ends the
// run before them leaves it to do, whatever did not fail.
func TestDoneMeansRanAndPassed(t *testing.T) {
	ex := Exercise{Name: "B", Failing: []string{"TestB1", "TestB2"}}
	assert.False(t, ex.Done(Result{Passed: []string{"TestB1"}, Failed: map[string]string{}}), "TestB2 never ran")
	assert.True(t, ex.Done(Result{Passed: []string{"TestB1"}, Skipped: []string{"TestB2"}, Failed: map[string]string{}}))
	assert.True(t, ex.Done(Result{Passed: []string{"TestB1", "TestB2"}, Failed: map[string]string{}}))
}

// A goroutine's panic (a handler's nil dereference: grpc-go does not
// recover it) ends the test binary with no fail event for the test; its
// output must still reach the learner.
func TestAPanicInAGoroutineKeepsItsMessage(t *testing.T) {
	events := `{"Action":"run","Package":"m/g","Test":"TestA"}
{"Action":"run","Package":"m/g","Test":"TestA/case"}
{"Action":"output","Package":"m/g","Test":"TestA/case","Output":"panic: runtime error: invalid memory address or nil pointer dereference\n"}
{"Action":"output","Package":"m/g","Test":"TestA/case","Output":"goroutine 7 [running]:\n"}
{"Action":"output","Package":"m/g","Output":"FAIL\tm/g\t0.005s\n"}
{"Action":"fail","Package":"m/g","Elapsed":0.005}
`
	res := ParseTestJSON(strings.NewReader(events))
	require.Len(t, res.Problems, 1)
	assert.Contains(t, res.Problems[0], "TestA never ended")
	assert.Contains(t, res.Problems[0], "nil pointer dereference")
}

// The review's cases: a t.Logf beside a testify failure, a t.Errorf of
// several lines, and a subtest that failed with nothing to say.
func TestAFailureIsNotItsNeighbours(t *testing.T) {
	logged := `=== RUN   TestUpload
    upload_test.go:150: the client could send 7 more products after the refusal
    upload_test.go:152: 
        	Error Trace:	/x/upload_test.go:152
        	Error:      	Not equal: 
        	            	expected: 0
        	            	actual  : 7
        	Test:       	TestUpload
--- FAIL: TestUpload (0.00s)
`
	assert.Equal(t, []string{"Not equal:", "  expected: 0", "  actual  : 7"}, parseFailure("TestUpload", logged).Lines,
		"testify's failure, not the log line before it")

	multi := `=== RUN   TestPages
    pages_test.go:40: page 2:
            want prod-011
            got  prod-012
--- FAIL: TestPages (0.00s)
`
	assert.Equal(t, []string{"page 2:", "  want prod-011", "  got  prod-012"}, parseFailure("TestPages", multi).Lines)

	quiet := `=== RUN   TestX
=== RUN   TestX/quiet
--- FAIL: TestX/quiet (0.00s)
=== RUN   TestX/loud
    x_test.go:9: the loud one
--- FAIL: TestX/loud (0.00s)
--- FAIL: TestX (0.00s)
`
	f := parseFailure("TestX", quiet)
	assert.Equal(t, "TestX/loud", f.Test, "the message is the loud subtest's")
	assert.Equal(t, []string{"the loud one"}, f.Lines)
}
