package workshop

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// CLI is the workshop command. Its fields are what a test replaces.
type CLI struct {
	Root  string    // the repository root
	In    io.Reader // answers to "are you sure?"
	Out   io.Writer
	Color bool // only on a terminal
	Steps []Step
	Join  *Join // the room this learner reports to (watch --room); nil: the environment's, if any

	answers   *bufio.Reader // In, buffered once for every question
	answersOf io.Reader     // the In that answers reads
}

// ask reads one answer line; only "y" or "yes" is yes (EOF is no).
func (c *CLI) ask() bool {
	if c.answers == nil || c.answersOf != c.In {
		c.answers, c.answersOf = bufio.NewReader(c.In), c.In
	}
	line, _ := c.answers.ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}

const usage = `usage: go run ./cmd/workshop [command]

  status            where you are: each step's tests, and what to do next (the default)
  test N            step N's tests, exercise by exercise: core done? (stretch ones may stay red)
  hint N [NAME] [--all]  the next hint for the exercise of step N you are on (or NAME);
                    one per call: the idea first, code last; --all prints every one
  solve N           put step N's solutions in place of your exercise files (asks first)
  reset N           put step N's stubs back (asks first; your version is kept as .mine)
  run N [--solution] [flags]  start step N's server (with the solution, your files untouched);
                    other flags go to the server, e.g. -addr 127.0.0.1:0
  verify [N...]     the full check CI runs: each exercise's stub fails exactly its tests,
                    solutions pass under -race, codegen fresh (N...: only those steps)
  bench [--quick]   gRPC vs REST, measured here (step 06's benchmark, with the solution in place)
  lb [-write]       calls per replica behind L4, client-side round_robin and an L7 proxy (HAProxy)
  fuzz [--time 5s]  run every fuzz target (wire parser, page tokens, batch body) for a while
  doctor            is this machine ready? Go, Node, npm, Chromium, the Go tools, a free port
  prep              make this machine ready for a room without network: modules, tools,
                    npm packages, then doctor (afterwards verify works with GOPROXY=off)
  watch [N] [--room URL --code CODE --name NAME]
                    re-run step N's tests (default: the step you are on) on every save;
                    with --room, report each run's exercise states to the speaker's room
  room [-addr :7070] [-stuck 10m]  the speaker's live view of who is done, failing, stuck
  slides [--agenda half-day]  serve the speaker's deck (slides/deck.md) on http://127.0.0.1:3999/;
                    --agenda half-day: the 4-hour plan's slides (FACILITATING.md)
`

// Run runs one command and returns the process exit code.
func (c *CLI) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		args = []string{"status"}
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "status":
		err = c.Status(ctx)
	case "test":
		err = c.withStep(rest, func(s Step) error { return c.TestStep(ctx, s) })
	case "hint":
		err = c.withStep(rest, func(s Step) error { return c.Hint(ctx, s, rest[1:]) })
	case "solve":
		err = c.withStep(rest, c.Solve)
	case "reset":
		err = c.withStep(rest, c.Reset)
	case "run":
		// run N [--solution] [server flags...]: anything else goes to the server.
		var solution bool
		var serverArgs []string
		for _, a := range rest[min(1, len(rest)):] {
			if a == "--solution" || a == "-solution" {
				solution = true
			} else {
				serverArgs = append(serverArgs, a)
			}
		}
		err = c.withStep(rest, func(s Step) error { return c.RunServer(ctx, s, solution, serverArgs) })
	case "verify":
		steps := c.Steps
		if len(rest) > 0 { // verify 03 05: only those steps, for a maintainer at work
			steps = nil
			for _, num := range rest {
				s, ok := findIn(c.Steps, num)
				if !ok {
					fmt.Fprintf(c.Out, "no step %q\n", num)
					return 2
				}
				steps = append(steps, s)
			}
		}
		if Verify(ctx, c.Root, steps, len(rest) == 0, c.Out) > 0 {
			return 1
		}
	case "bench":
		err = c.Bench(ctx, rest)
	case "lb":
		err = c.LB(ctx, rest)
	case "fuzz":
		var d time.Duration
		if d, err = parseFuzzTime(rest); err == nil {
			err = c.Fuzz(ctx, d)
		}
	case "slides":
		err = c.Slides(ctx, rest)
	case "doctor":
		if !Doctor(c.Out, c.Root, os.Getenv("CI") == "true") {
			return 1
		}
	case "watch":
		err = c.Watch(ctx, rest)
	case "room":
		err = c.Room(ctx, rest)
	case "prep":
		err = c.Prep(ctx)
	case "help", "-h", "--help":
		fmt.Fprint(c.Out, usage)
	default:
		fmt.Fprintf(c.Out, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(c.Out, "error:", err)
		return 1
	}
	return 0
}

func (c *CLI) withStep(args []string, f func(Step) error) error {
	if len(args) == 0 {
		return errors.New("which step? e.g. 02")
	}
	if strings.HasPrefix(args[0], "-") { // run --help, hint -h
		fmt.Fprint(c.Out, usage)
		return nil
	}
	if s, ok := findIn(c.Steps, args[0]); ok {
		return f(s)
	}
	return fmt.Errorf("no step %q; the steps are 01 to %s", args[0], c.Steps[len(c.Steps)-1].Num)
}

// Solve copies the solutions over the exercise files, after asking. A file
// the learner changed is kept next to it as <file>.mine.
func (c *CLI) Solve(s Step) error {
	return c.replace(s, "solution", func(ex string) ([]byte, error) {
		return os.ReadFile(filepath.Join(c.Root, SolutionPath(ex)))
	})
}

// Reset puts the committed stubs back, after asking.
func (c *CLI) Reset(s Step) error {
	return c.replace(s, "stub", func(ex string) ([]byte, error) {
		cmd := exec.Command("git", "show", "HEAD:"+filepath.ToSlash(ex))
		cmd.Dir = c.Root
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git show HEAD:%s: %v (reset needs the git clone)", ex, err)
		}
		return out, nil
	})
}

func (c *CLI) replace(s Step, what string, content func(exercise string) ([]byte, error)) error {
	for _, ex := range s.Files() {
		want, err := content(ex)
		if err != nil {
			return err
		}
		path := filepath.Join(c.Root, ex)
		have, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			// Nothing to lose: write it without asking.
			if err := os.WriteFile(path, want, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(c.Out, "%s was missing; it is now the %s.\n", ex, what)
			continue
		}
		if err != nil {
			return err
		}
		if sameText(have, want) {
			fmt.Fprintf(c.Out, "%s is already the %s.\n", ex, what)
			continue
		}
		backup := backupName(path)
		rel, _ := filepath.Rel(c.Root, backup)
		fmt.Fprintf(c.Out, "Replace %s with the %s? Your version is kept as %s. [y/N] ", ex, what, rel)
		if !c.ask() {
			fmt.Fprintln(c.Out, "\nLeft as it is.")
			continue
		}
		if err := os.WriteFile(backup, have, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(c.Out, "%s is now the %s.\n", ex, what)
	}
	return nil
}

// Bench runs step 06's benchmark with the step's solution swapped in, so it
// works before the learner has written the batch handler; LB does the same
// for its load-balancing table (Dial is a stretch exercise).
func (c *CLI) Bench(ctx context.Context, args []string) error {
	return c.runSolved(ctx, "./06-rest-compare/cmd/bench", args)
}

func (c *CLI) LB(ctx context.Context, args []string) error {
	return c.runSolved(ctx, "./06-rest-compare/cmd/lb", args)
}

func (c *CLI) runSolved(ctx context.Context, pkg string, args []string) error {
	step, ok := Find("06")
	if !ok {
		return errors.New("step 06 is not in the registry")
	}
	overlay, cleanup, err := WriteOverlay(c.Root, step)
	if err != nil {
		return err
	}
	defer cleanup()
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "-overlay", overlay, pkg}, args...)...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = c.Root, c.Out, c.Out
	return cmd.Run()
}

// backupName is path.mine, or path.mine.2, .3, ...: a backup never
// overwrites an earlier one (solve, then reset, must not lose your work).
func backupName(path string) string {
	name := path + ".mine"
	for n := 2; ; n++ {
		if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
			return name
		}
		name = fmt.Sprintf("%s.mine.%d", path, n)
	}
}

// RunServer starts a step's server in the foreground until Ctrl-C.
func (c *CLI) RunServer(ctx context.Context, s Step, solution bool, serverArgs []string) error {
	if s.Server == "" {
		return fmt.Errorf("step %s has no server to run", s.Num)
	}
	args := []string{"run"}
	if solution {
		overlay, cleanup, err := WriteOverlay(c.Root, s)
		if err != nil {
			return err
		}
		defer cleanup()
		args = append(args, "-overlay", overlay)
	}
	cmd := exec.CommandContext(ctx, "go", append(append(args, s.Server), serverArgs...)...)
	cmd.Dir, cmd.Stdout, cmd.Stderr, cmd.Stdin = c.Root, c.Out, c.Out, c.In
	// On Ctrl-C pass the interrupt on, so the server stops gracefully.
	cmd.Cancel = func() error { return interrupt(cmd.Process) }
	cmd.WaitDelay = 15 * time.Second
	fmt.Fprintf(c.Out, "go %s\n", strings.Join(cmd.Args[1:], " "))
	if err := cmd.Run(); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}
