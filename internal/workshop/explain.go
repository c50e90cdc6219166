package workshop

import (
	"regexp"
	"strings"
)

// Diagnosis names a known mistake by the failure it causes: when Test fails
// and its output contains Match, the learner is told what they
// misunderstood (Says) and where the README explains it (See). Each one is
// written from a wrong solution that was planted and run: the failure it
// produced is where Match comes from.
type Diagnosis struct {
	Test  string // the top-level test, or a subtest ("TestX/case")
	Match string // a piece of the failure's output ("" matches any failure of Test)
	Says  string // the misconception, in one or two sentences
	See   string // the README section, e.g. "03-server-stream/README.md#the-page-rules-from-the-contract"
}

// Failure is what a learner needs of one failing test: which (sub)test, and
// the assertion's own words, without the test file's trace.
type Failure struct {
	Test  string
	Lines []string
	Raw   string // Lines before trimming: what a diagnosis is matched against first
}

// maxFailureLines keeps a failure to what a terminal shows at a glance; the
// whole of it is one `go test -run` away.
const maxFailureLines = 6

var (
	// t.Errorf and t.Fatalf print "    file_test.go:42: message".
	plainFailure = regexp.MustCompile(`^\s+\S+_test\.go:\d+: ?(.*)$`)
	resultLine   = regexp.MustCompile(`^\s*--- (FAIL|PASS|SKIP): (\S+)`)
)

// parseFailure reads a failing test's output (as `go test -json` gave it)
// and returns its first failed assertion: testify's Error and Messages
// fields when testify failed (a t.Logf line beside them is not the
// failure), else the t.Errorf lines (continuation lines included) of the
// first (sub)test whose "--- FAIL" follows them, trimmed.
func parseFailure(test, out string) Failure {
	lines := strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n")
	f, ok := testifyFailure(test, lines)
	if !ok {
		f = plainErrorf(test, lines)
	}
	f.Raw = strings.Join(f.Lines, "\n")
	return trim(f)
}

func testifyFailure(test string, lines []string) (Failure, bool) {
	f := Failure{Test: test}
	field := "" // the testify field being read: "Error", "Messages", ...
	inBlock := false
	for _, line := range lines {
		// testify: "        \tError:      \tNot equal: " then
		// continuation lines "        \t            \texpected: 1".
		parts := strings.Split(line, "\t")
		if len(parts) < 3 || strings.TrimSpace(parts[0]) != "" {
			continue
		}
		label := strings.TrimSpace(parts[1])
		value := strings.TrimRight(strings.Join(parts[2:], "\t"), " ")
		switch {
		case label == "Error Trace:":
			if inBlock {
				return f, true // the next assertion: one is enough
			}
			inBlock, field = true, "Error Trace"
		case strings.HasSuffix(label, ":"):
			field = strings.TrimSuffix(label, ":")
			if field == "Test" && strings.Contains(value, "/") {
				f.Test = value
			}
			if field == "Error" || field == "Messages" {
				f.Lines = append(f.Lines, value)
			}
		case label == "" && (field == "Error" || field == "Messages"):
			if strings.TrimSpace(value) == "Diff:" {
				field = "Diff" // the diff repeats expected and actual
			} else if strings.TrimSpace(value) != "" {
				f.Lines = append(f.Lines, "  "+strings.TrimSpace(value))
			}
		}
	}
	return f, inBlock
}

// plainErrorf takes the t.Errorf lines of the first (sub)test whose
// "--- FAIL" line comes after lines of its own. Lines are kept per test (a
// "=== RUN" starts a test's, a "--- PASS/FAIL/SKIP" returns to its parent's),
// so a subtest that failed with no message of its own does not lend its
// name to the next one's, and a parent's message printed before its
// subtests ran is still its own when it fails after them.
func plainErrorf(test string, lines []string) Failure {
	f := Failure{Test: test}
	// A panic ends the run, and go test prints it after the "--- FAIL"
	// lines: it is the failure, whatever was logged before it.
	for _, line := range lines {
		if strings.HasPrefix(line, "panic: ") {
			f.Lines = []string{line}
			return f
		}
	}
	segs := map[string][]string{} // test name -> its message lines
	cur := test
	indent := -1 // of the last message line: deeper lines continue it
	for _, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "=== ") {
			for _, p := range []string{"=== RUN ", "=== CONT "} {
				if name, ok := strings.CutPrefix(trimmed, p); ok {
					cur = strings.TrimSpace(name)
				}
			}
			indent = -1
			continue
		}
		if m := resultLine.FindStringSubmatch(line); m != nil {
			if m[1] == "FAIL" && len(segs[m[2]]) > 0 {
				f.Test, f.Lines = m[2], segs[m[2]]
				return f
			}
			if i := strings.LastIndex(m[2], "/"); i > 0 {
				cur = m[2][:i] // back in the parent
			}
			indent = -1
			continue
		}
		lead := len(line) - len(strings.TrimLeft(line, " "))
		switch m := plainFailure.FindStringSubmatch(line); {
		case m != nil && strings.TrimSpace(m[1]) != "":
			segs[cur], indent = append(segs[cur], m[1]), lead
		case indent >= 0 && lead > indent && trimmed != "":
			segs[cur] = append(segs[cur], "  "+trimmed)
		}
	}
	f.Lines = segs[cur] // no "--- FAIL" after them
	return f
}

func trim(f Failure) Failure {
	var kept []string
	for _, l := range f.Lines {
		l = strings.TrimRight(l, " ")
		if l == "" {
			continue
		}
		if r := []rune(l); len(r) > 160 {
			l = string(r[:157]) + "..."
		}
		kept = append(kept, l)
	}
	if len(kept) > maxFailureLines {
		kept = append(kept[:maxFailureLines-1], "  ...")
	}
	f.Lines = kept
	return f
}

// Diagnose returns the first diagnosis of ex that fits the failing test's
// output, or nil.
func (ex Exercise) Diagnose(test, out string) *Diagnosis {
	return ex.DiagnoseShown(test, "", out)
}

// DiagnoseShown prefers a diagnosis whose Match is in shown, the failure
// the learner sees: with two mistakes at once, the words under the
// assertion then explain that assertion, not the other mistake. Else it
// is Diagnose's: the first that fits anywhere in the output.
func (ex Exercise) DiagnoseShown(test, shown, out string) *Diagnosis {
	fits := func(d Diagnosis) bool {
		name, _, isSub := strings.Cut(d.Test, "/")
		return name == test && (!isSub || strings.Contains(out, "--- FAIL: "+d.Test+" "))
	}
	for i, d := range ex.Diagnoses {
		if d.Match != "" && shown != "" && fits(d) && strings.Contains(shown, d.Match) {
			return &ex.Diagnoses[i]
		}
	}
	for i, d := range ex.Diagnoses {
		if fits(d) && strings.Contains(out, d.Match) {
			return &ex.Diagnoses[i]
		}
	}
	return nil
}
