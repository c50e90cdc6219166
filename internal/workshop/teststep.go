package workshop

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/grpcvsrest/workshop/internal/room"
)

// TestStep runs one step's tests (the learner's files as they are) and says,
// exercise by exercise, what passes: `go test` alone fails while a stretch
// exercise is still a stub, which a core-only room should not mistake for
// unfinished work. It fails only when a core exercise does.
//
// An exercise that fails shows, per failing test, the assertion's own words
// and, where the failure is a known mistake, what was misunderstood and the
// README section: a learner never needs to open a test file to know a rule.
func (c *CLI) TestStep(ctx context.Context, s Step) error {
	race := false
	if s.Race {
		// The step's lesson is a data race: without -race its tests can
		// pass on code that races. Where -race cannot run, say so loudly.
		if problem := raceProblem(); problem != "" {
			fmt.Fprintf(c.Out, "NOTE: this step's lesson needs go test -race, which cannot run here: %s\n", problem)
		} else {
			race = true
		}
	}
	if race {
		fmt.Fprintf(c.Out, "go test -race ./%s/...\n\n", s.Dir)
	} else {
		fmt.Fprintf(c.Out, "go test ./%s/...\n\n", s.Dir)
	}
	res, err := RunTests(ctx, c.Root, s, TestOptions{Race: race})
	if err != nil {
		return err
	}
	// One exercise file that does not compile stops the whole package: run
	// again with that file as committed, so every other exercise still
	// shows its own state.
	broken := map[string]string{} // exercise name -> the compiler's first line
	if b := c.brokenFiles(s, res); len(res.Problems) > 0 && len(b) > 0 {
		// A syntax error in one file can hide a type error in another:
		// again, with each newly named file as committed too, a few times.
		for range 3 {
			again, err := c.runWithStubs(ctx, s, b, race)
			if err != nil {
				break
			}
			res = again
			grew := false
			for f, line := range c.brokenFiles(s, again) {
				if _, seen := b[f]; !seen {
					b[f], grew = line, true
				}
			}
			if !grew {
				break
			}
		}
		for _, ex := range s.Exercises {
			for _, f := range ex.Files {
				if line, ok := b[f]; ok {
					broken[ex.Name] = line
				}
			}
		}
	}
	coreLeft, stretchLeft := 0, 0
	var states []room.ExerciseState
	for _, ex := range s.Exercises {
		done := ex.Done(res) && broken[ex.Name] == ""
		untouched := !done && len(editedFiles(c.Root, ex.Files)) == 0
		states = append(states, roomState(s, ex, res, done, untouched))
		if !done {
			if ex.Stretch {
				stretchLeft++
			} else {
				coreLeft++
			}
		}
		if done {
			if note := skipNote(ex, res); note != "" {
				// Not checked here: say so, never a plain "done".
				fmt.Fprintln(c.Out, exerciseLine(ex, c.paint("33", "done?")+"  "+note))
				continue
			}
			fmt.Fprintln(c.Out, exerciseLine(ex, c.paint("32", "done")))
			continue
		}
		head, details := c.explain(s, ex, res, broken, untouched)
		fmt.Fprintln(c.Out, exerciseLine(ex, c.paint("31", "to do")+"  "+head))
		for _, l := range details {
			fmt.Fprintln(c.Out, "            "+l)
		}
	}
	fmt.Fprintln(c.Out)
	c.report(ctx, states)
	if coreLeft > 0 {
		return fmt.Errorf("%d core exercise(s) of step %s to do; go run ./cmd/workshop hint %s", coreLeft, s.Num, s.Num)
	}
	if stretchLeft > 0 {
		fmt.Fprintf(c.Out, "Step %s's core is done. (%d stretch exercise(s) still to do keep `go test` red: they are optional.)\n", s.Num, stretchLeft)
	} else {
		fmt.Fprintf(c.Out, "Step %s's core is done, and its stretch exercises too.\n", s.Num)
	}
	return nil
}

// explain says why ex is not done: its stub's TODO, the exercise it waits
// for, the file that does not compile, or its failing tests with their
// assertions and diagnoses.
func (c *CLI) explain(s Step, ex Exercise, res Result, broken map[string]string, untouched bool) (head string, details []string) {
	if line := broken[ex.Name]; line != "" {
		details := []string{"(the other exercises ran with this file as committed)"}
		for _, f := range ex.Files {
			if filepath.Ext(f) == ".proto" && strings.Contains(line, "undefined:") {
				// Code written against the new contract before it was generated.
				details = append(details, fmt.Sprintf("A name from %s? The Go code has only what go generate made: go generate ./%s/", filepath.Base(f), filepath.ToSlash(filepath.Dir(f))))
			}
		}
		return "does not compile: " + line, details
	}
	if len(res.Problems) > 0 {
		return firstLines(res.Problems[0], 3), nil
	}
	failed := ex.failed(res)
	todo := todoIn(res, failed)
	// A test's message often carries the stub's TODO, for the learner who
	// has not started; once the file is edited, the assertion and its
	// diagnosis say more.
	if untouched && slices.ContainsFunc(ex.Files, func(f string) bool { return strings.Contains(todo, f) }) {
		return todo, nil // its own stub
	}
	for _, name := range ex.Uses {
		if used, ok := s.Exercise(name); ok && !used.Done(res) {
			return fmt.Sprintf("waits for %s: its tests run your %s", used.Name, used.Name), nil
		}
	}
	if todo != "" && untouched {
		return todo, nil
	}
	head = fmt.Sprintf("%d of %d tests fail", len(failed), len(ex.Failing)+len(ex.Guards))
	const shown = 2 // the first failures teach; the rest are often the same mistake
	var said []*Diagnosis
	for i, name := range failed {
		if i == shown {
			details = append(details, fmt.Sprintf("... and %s", strings.Join(failed[shown:], ", ")))
			break
		}
		out := res.Failed[name]
		f := parseFailure(name, out)
		details = append(details, c.paint("1", f.Test))
		for _, l := range f.Lines {
			details = append(details, "    "+l)
		}
		if others := otherFailedSubtests(out, f.Test); len(others) > 0 {
			if len(others) > 4 {
				others = append(others[:4], fmt.Sprintf("and %d more", len(others)-4))
			}
			details = append(details, "    also failing: "+strings.Join(others, ", "))
		}
		if d := ex.DiagnoseShown(name, f.Raw, out); d != nil && !slices.Contains(said, d) {
			said = append(said, d) // one mistake often fails two tests: say it once
			details = append(details, c.paint("33", "Diagnosis: ")+d.Says, "    Read: "+d.See)
		}
	}
	details = append(details, fmt.Sprintf("All of it: go test -run '^(%s)$' -v %s", strings.Join(failed, "|"), strings.Join(packageDirs(s, res, failed), " ")))
	return head, details
}

// otherFailedSubtests are the subtests that failed besides shown, the one
// whose words are printed: one run can hold two mistakes (05's Node tests
// are one Go test with a subtest per Node test).
func otherFailedSubtests(out, shown string) []string {
	var names []string
	for _, m := range failedSubtest.FindAllStringSubmatch(out, -1) {
		if name := m[1]; name != shown && !strings.HasPrefix(shown, name+"/") && !(strings.Contains(shown, "/") && strings.HasPrefix(name, shown+"/")) && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	return names
}

var failedSubtest = regexp.MustCompile(`(?m)^\s+--- FAIL: (\S+/\S+)`)

// packageDirs are the folders, as ./dir/, whose packages hold these tests:
// an exercise's tests may live below its step's folder (01-proto/stock).
func packageDirs(s Step, res Result, tests []string) []string {
	var dirs []string
	for _, name := range tests {
		dir := "./" + s.Dir + "/"
		if pkg, ok := res.Packages[name]; ok {
			if i := strings.Index(pkg, "/"+s.Dir); i >= 0 {
				dir = "./" + pkg[i+1:] + "/"
			}
		}
		if !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// skipNote says which of a done exercise's tests skipped themselves here
// (a missing optional tool) and why: such a test checked nothing.
func skipNote(ex Exercise, res Result) string {
	var notes []string
	for _, name := range append(slices.Clone(ex.Failing), ex.Guards...) {
		out, ok := res.Skips[name]
		if !ok {
			continue
		}
		reason := "see go test -v -run " + name
		for _, l := range strings.Split(out, "\n") {
			l = strings.TrimSpace(l)
			if strings.HasPrefix(l, "---") || strings.HasPrefix(l, "=== ") || l == "" {
				continue
			}
			if _, after, ok := strings.Cut(l, ".go:"); ok { // file.go:34: the reason
				if _, msg, ok := strings.Cut(after, ": "); ok {
					l = msg
				}
			}
			reason = strings.TrimPrefix(l, "SKIPPED: ")
			break
		}
		notes = append(notes, name+" skipped: "+reason)
	}
	return strings.Join(notes, "; ")
}

// todoIn finds a stub's TODO message in the first failing test that has one.
func todoIn(res Result, failed []string) string {
	for _, name := range failed {
		for _, line := range strings.Split(res.Failed[name], "\n") {
			if i := strings.Index(line, "TODO("); i >= 0 {
				// An assertion may have printed it inside a value
				// ([TODO(01): ...] or "TODO(01): ..."): drop what closes it.
				msg, _, _ := strings.Cut(line[i:], `"`)
				return strings.TrimRight(msg, "]}")
			}
		}
	}
	return ""
}

// compilerLine is the go tool's "dir/file.go:12:3: message".
var compilerLine = regexp.MustCompile(`(?m)^(?:\./)?(\S+\.go):(\d+)(?::\d+)?: (.+)$`)

// brokenFiles maps each exercise file of s that the compiler (or vet)
// complained about to its first complaint.
func (c *CLI) brokenFiles(s Step, res Result) map[string]string {
	broken := map[string]string{}
	for _, p := range res.Problems {
		for _, m := range compilerLine.FindAllStringSubmatch(p, -1) {
			for _, f := range s.Files() {
				if strings.HasSuffix(filepath.ToSlash(m[1]), f) || strings.HasSuffix(f, "/"+filepath.ToSlash(m[1])) {
					if _, seen := broken[f]; !seen {
						broken[f] = fmt.Sprintf("%s:%s: %s", f, m[2], m[3])
					}
				}
			}
		}
	}
	return broken
}

// runWithStubs runs s's tests with the broken files read as committed (git
// HEAD) through an overlay; the learner's files are not touched.
func (c *CLI) runWithStubs(ctx context.Context, s Step, broken map[string]string, race bool) (Result, error) {
	dir, err := os.MkdirTemp("", "workshop-broken-*")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	replace := map[string]string{}
	for i, f := range slices.Sorted(maps.Keys(broken)) {
		file, err := writeCommitted(c.Root, f, dir, i)
		if err != nil {
			return Result{}, err
		}
		replace[filepath.Join(c.Root, f)] = file
	}
	overlay, cleanup, err := writeOverlayFile(replace)
	if err != nil {
		return Result{}, err
	}
	defer cleanup()
	args := []string{"-overlay", overlay, "./" + s.Dir + "/..."}
	if race {
		args = append([]string{"-race"}, args...)
	}
	return runGoTestIn(ctx, c.Root, args...)
}
