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
}

// maxFailureLines keeps a failure to what a terminal shows at a glance; the
// whole of it is one `go test -run` away.
const maxFailureLines = 6

var (
	// t.Errorf and t.Fatalf print "    file_test.go:42: message".
	plainFailure = regexp.MustCompile(`^\s+\S+_test\.go:\d+: ?(.*)$`)
	failLine     = regexp.MustCompile(`^\s*--- FAIL: (\S+)`)
)

// parseFailure reads a failing test's output (as `go test -json` gave it)
// and returns its first failed assertion: testify's Error and Messages
// fields, or a t.Errorf line, trimmed.
func parseFailure(test, out string) Failure {
	f := Failure{Test: test}
	lines := strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n")
	field := "" // the testify field being read: "Error", "Messages", ...
	inBlock := false
	for _, line := range lines {
		if m := failLine.FindStringSubmatch(line); m != nil {
			if f.Test == test && strings.Count(m[1], "/") > 0 {
				f.Test = m[1] // the first subtest to fail names the case
			}
			if len(f.Lines) > 0 {
				break
			}
			continue
		}
		// testify: "        \tError:      \tNot equal: " then
		// continuation lines "        \t            \texpected: 1".
		if parts := strings.Split(line, "\t"); len(parts) >= 3 && strings.TrimSpace(parts[0]) == "" {
			label := strings.TrimSpace(parts[1])
			value := strings.TrimRight(strings.Join(parts[2:], "\t"), " ")
			switch {
			case label == "Error Trace:":
				if inBlock && len(f.Lines) > 0 {
					return trim(f) // the next assertion: one is enough
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
			continue
		}
		if inBlock {
			continue
		}
		if m := plainFailure.FindStringSubmatch(line); m != nil && strings.TrimSpace(m[1]) != "" {
			f.Lines = append(f.Lines, m[1])
		} else if strings.HasPrefix(line, "panic: ") {
			f.Lines = append(f.Lines, line)
		}
	}
	return trim(f)
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
	for i, d := range ex.Diagnoses {
		name, _, isSub := strings.Cut(d.Test, "/")
		if name != test || isSub && !strings.Contains(out, "--- FAIL: "+d.Test+" ") {
			continue
		}
		if strings.Contains(out, d.Match) {
			return &ex.Diagnoses[i]
		}
	}
	return nil
}
