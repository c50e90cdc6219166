package workshop

import (
	"context"
	"fmt"
	"strings"
)

// Status runs every step's tests (the learner's files as they are) and shows
// a bar over the core exercises, each step with its core and stretch
// exercises, and the next thing to do.
func (c *CLI) Status(ctx context.Context) error {
	fmt.Fprintln(c.Out, "gRPC vs REST in Go: the workshop")
	fmt.Fprintf(c.Out, "Running the tests of all %d steps (the first time, Go compiles them: a minute or two; go run ./cmd/workshop prep does it beforehand)...\n\n", len(c.Steps))
	all, err := RunAllTests(ctx, c.Root, c.Steps)
	if err != nil {
		return err
	}
	var lines []string
	core, coreDone, stretchLeft := 0, 0, 0
	var next *Step
	var nextEx Exercise
	var nextMsg string
	for i, s := range c.Steps {
		res := all[s.Dir]
		lines = append(lines, fmt.Sprintf("  %s  %s  (core ~%d min, stretch ~%d min)", s.Num, s.Title, s.Minutes(false), s.Minutes(true)))
		for _, ex := range s.Exercises {
			mark := c.paint("32", "done")
			if note := skipNote(ex, res); note != "" {
				mark = c.paint("33", "done?") + "  " + note // a test skipped itself: not checked here
			}
			if !ex.Done(res) {
				mark = c.paint("31", "to do")
				if next == nil && !ex.Stretch {
					next, nextEx, nextMsg = &c.Steps[i], ex, firstFailure(ex, res)
				}
			}
			if !ex.Stretch {
				core++
				if ex.Done(res) {
					coreDone++
				}
			} else if !ex.Done(res) {
				stretchLeft++
			}
			lines = append(lines, "    "+exerciseLine(ex, fmt.Sprintf("~%2d min  %s", ex.Minutes, mark)))
		}
	}
	width := 28
	filled := coreDone * width / max(core, 1)
	fmt.Fprintf(c.Out, "  [%s%s] %d/%d core exercises\n\n", strings.Repeat("#", filled), strings.Repeat("-", width-filled), coreDone, core)
	for _, l := range lines {
		fmt.Fprintln(c.Out, l)
	}
	fmt.Fprintln(c.Out)
	if next == nil {
		if stretchLeft > 0 {
			fmt.Fprintf(c.Out, "Every core exercise passes. Well done! %d stretch exercises above are yours to try.\n", stretchLeft)
		} else {
			fmt.Fprintln(c.Out, "Every exercise passes, core and stretch. Well done!")
		}
		fmt.Fprintln(c.Out, "Measure the two sides on your own machine: go run ./cmd/workshop bench --quick")
		return nil
	}
	fmt.Fprintf(c.Out, "Next: step %s, %s (%s). Read %s/README.md and edit %s.\n",
		next.Num, nextEx.Name, nextEx.Side, next.Dir, strings.Join(nextEx.Files, ", "))
	if nextMsg != "" {
		fmt.Fprintf(c.Out, "  %s\n", nextMsg)
	}
	fmt.Fprintf(c.Out, "Test it: go test ./%s/... (exercise by exercise: go run ./cmd/workshop test %s)   Stuck? go run ./cmd/workshop hint %s\n", next.Dir, next.Num, next.Num)
	return nil
}

// firstFailure picks the most useful line of the exercise's first failure:
// the TODO message if there is one, else the assertion and its diagnosis.
func firstFailure(ex Exercise, res Result) string {
	if len(res.Problems) > 0 {
		return firstLines(res.Problems[0], 3)
	}
	failed := ex.failed(res)
	if msg := todoIn(res, failed); msg != "" || len(failed) == 0 {
		return msg
	}
	f := parseFailure(failed[0], res.Failed[failed[0]])
	line := f.Test + " fails"
	if len(f.Lines) > 0 {
		line += ": " + strings.TrimSpace(f.Lines[0])
	}
	if d := ex.DiagnoseShown(failed[0], f.Raw, res.Failed[failed[0]]); d != nil {
		line += "\n  Diagnosis: " + d.Says + " Read: " + d.See
	}
	return line
}

// exerciseLine is one exercise as status and test list it.
func exerciseLine(ex Exercise, rest string) string {
	return fmt.Sprintf("    %-7s %-8s %-22s %s", ex.Kind(), ex.Side, ex.Name, rest)
}

func (c *CLI) paint(code, s string) string {
	if !c.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
