package workshop

import (
	"context"
	"fmt"
	"strings"
)

// Status runs every step's tests (the learner's files as they are) and shows
// a bar, one line per step, and the next thing to do.
func (c *CLI) Status(ctx context.Context) error {
	fmt.Fprintln(c.Out, "gRPC vs REST in Go: the workshop")
	fmt.Fprintln(c.Out)
	done := 0
	var next *Step
	var nextMsg string
	lines := make([]string, 0, len(c.Steps))
	for i, s := range c.Steps {
		res, err := RunTests(ctx, c.Root, s, TestOptions{})
		if err != nil {
			return err
		}
		mark := c.paint("32", "done")
		if !res.OK() {
			mark = c.paint("31", fmt.Sprintf("%d failing", len(res.Failed)+len(res.Problems)))
			if next == nil {
				next, nextMsg = &c.Steps[i], firstFailure(s, res)
			}
		} else {
			done++
		}
		lines = append(lines, fmt.Sprintf("  %s  %-62s ~%2d min  %s", s.Num, s.Title, s.Minutes, mark))
	}
	width := 28
	filled := done * width / len(c.Steps)
	fmt.Fprintf(c.Out, "  [%s%s] %d/%d steps\n\n", strings.Repeat("#", filled), strings.Repeat("-", width-filled), done, len(c.Steps))
	for _, l := range lines {
		fmt.Fprintln(c.Out, l)
	}
	fmt.Fprintln(c.Out)
	if next == nil {
		fmt.Fprintln(c.Out, "Every step passes. Well done! Now measure: go run ./cmd/workshop bench --quick")
		return nil
	}
	fmt.Fprintf(c.Out, "Next: step %s. Read %s/README.md and edit %s.\n", next.Num, next.Dir, strings.Join(next.Exercises, ", "))
	if nextMsg != "" {
		fmt.Fprintf(c.Out, "  %s\n", nextMsg)
	}
	fmt.Fprintf(c.Out, "Test it: go test ./%s/...   Stuck? go run ./cmd/workshop hint %s\n", next.Dir, next.Num)
	return nil
}

// firstFailure picks the most useful line of the first failure: the TODO
// message if there is one.
func firstFailure(s Step, res Result) string {
	// Registry order is teaching order; then anything else that fails.
	for _, name := range append(append([]string{}, s.Failing...), res.FailedNames()...) {
		if _, failed := res.Failed[name]; !failed {
			continue
		}
		for _, line := range strings.Split(res.Failed[name], "\n") {
			if i := strings.Index(line, "TODO("); i >= 0 {
				return line[i:]
			}
		}
		return name + " fails"
	}
	if len(res.Problems) > 0 {
		return firstLines(res.Problems[0], 3)
	}
	return ""
}

func (c *CLI) paint(code, s string) string {
	if !c.Color {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
