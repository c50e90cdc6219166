package workshop

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Hint prints one hint per call, like rustlings: the next one of the
// exercise you are on (the first whose tests fail), or of the one you name.
// Hints go from the idea, to where to look, to code last; --all prints them
// all. What was shown is remembered in .workshop/hints.json (git ignores it).
func (c *CLI) Hint(ctx context.Context, s Step, args []string) error {
	all := false
	name := ""
	for _, a := range args {
		switch {
		case a == "--all" || a == "-all":
			all = true
		case name == "":
			name = a
		default:
			return fmt.Errorf("hint %s: one exercise name at most, got %q and %q", s.Num, name, a)
		}
	}
	ex, err := c.pickExercise(ctx, s, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Out, "Step %s, %s exercise %s (%s side): read %s/README.md, edit %s.\n",
		s.Num, ex.Kind(), ex.Name, ex.Side, s.Dir, strings.Join(ex.Files, ", "))
	if all {
		for i, h := range ex.Hints {
			fmt.Fprintf(c.Out, "\nHint %d/%d: %s\n", i+1, len(ex.Hints), h)
		}
		return nil
	}
	seen := c.loadHints()
	key := s.Num + "/" + ex.Name
	i := min(seen[key], len(ex.Hints)-1)
	fmt.Fprintf(c.Out, "\nHint %d/%d: %s\n\n", i+1, len(ex.Hints), ex.Hints[i])
	if i+1 < len(ex.Hints) {
		fmt.Fprintf(c.Out, "Run it again for the next hint (go run ./cmd/workshop hint %s %s), or --all for every one.\n", s.Num, ex.Name)
		seen[key] = i + 1
		return c.saveHints(seen)
	}
	fmt.Fprintf(c.Out, "That was the last hint. Still stuck? go run ./cmd/workshop solve %s shows the solution (it asks first).\n", s.Num)
	return nil
}

// pickExercise is the named one, or the first whose tests fail.
func (c *CLI) pickExercise(ctx context.Context, s Step, name string) (Exercise, error) {
	if name != "" {
		if ex, ok := s.Exercise(name); ok {
			return ex, nil
		}
		return Exercise{}, fmt.Errorf("step %s has no exercise %q; it has %s", s.Num, name, exerciseNames(s))
	}
	res, err := RunTests(ctx, c.Root, s, TestOptions{})
	if err != nil {
		return Exercise{}, err
	}
	for _, ex := range s.Exercises {
		if !ex.Done(res) {
			return ex, nil
		}
	}
	fmt.Fprintf(c.Out, "Every exercise of step %s passes. Hints of one of them: hint %s NAME (%s).\n\n", s.Num, s.Num, exerciseNames(s))
	return s.Exercises[0], nil
}

func exerciseNames(s Step) string {
	names := make([]string, len(s.Exercises))
	for i, e := range s.Exercises {
		names[i] = e.Name
	}
	return strings.Join(names, ", ")
}

func (c *CLI) hintsFile() string { return filepath.Join(c.Root, ".workshop", "hints.json") }

// loadHints reads how many hints of each exercise were shown; a missing or
// broken file means none.
func (c *CLI) loadHints() map[string]int {
	seen := map[string]int{}
	if b, err := os.ReadFile(c.hintsFile()); err == nil {
		_ = json.Unmarshal(b, &seen)
	}
	return seen
}

func (c *CLI) saveHints(seen map[string]int) error { return writeJSON(c.hintsFile(), seen) }
