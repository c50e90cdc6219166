package workshop

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// How often watch looks at the step's files. Polling a few dozen files is
// cheap, works the same on every OS and editor (some save by rename), and
// needs no dependency.
const watchEvery = 300 * time.Millisecond

// The files whose save re-runs the tests.
var watchedExt = []string{".go", ".ts", ".js", ".proto"}

// Watch re-runs a step's tests each time one of its files is saved, like
// rustlings' watch mode. Without N it watches the first step whose core is
// not done, and moves on to the next one when it is. Ctrl-C stops it.
func (c *CLI) Watch(ctx context.Context, args []string) error {
	args, err := c.roomFlags(args)
	if err != nil {
		return err
	}
	follow := len(args) == 0 // no step named: follow the learner's progress
	var s Step
	if follow {
		cur, ok, err := c.currentStep(ctx)
		if err != nil || !ok {
			if err == nil {
				fmt.Fprintln(c.Out, "Every step's core is done. Watch one with: go run ./cmd/workshop watch 07")
			}
			return err
		}
		s = cur
	} else {
		var ok bool
		if s, ok = findIn(c.Steps, args[0]); !ok {
			return fmt.Errorf("no step %q", args[0])
		}
	}
	for {
		next, err := c.watchStep(ctx, s, follow)
		if err != nil || next == nil {
			return err
		}
		s = *next
	}
}

// watchStep runs s's tests now and after every save. It returns the next
// step when following and s's core is done, or nil when ctx ends.
func (c *CLI) watchStep(ctx context.Context, s Step, follow bool) (*Step, error) {
	dir := filepath.Join(c.Root, s.Dir)
	var next *Step
	err := watchLoop(ctx, dir, watchEvery, func() bool {
		if c.Color {
			fmt.Fprint(c.Out, "\033[H\033[2J") // clear the screen: each run reads alone
		}
		err := c.TestStep(ctx, s)
		if ctx.Err() != nil {
			return false
		}
		if err != nil {
			fmt.Fprintln(c.Out, err)
		} else if follow {
			if i := stepIndex(c.Steps, s.Num); i+1 < len(c.Steps) {
				next = &c.Steps[i+1]
				fmt.Fprintf(c.Out, "\nOn to step %s.\n\n", next.Num)
				return false
			}
		}
		fmt.Fprintf(c.Out, "\nwatching %s: save a file to run its tests again (Ctrl-C stops)\n", s.Dir)
		return true
	})
	return next, err
}

// watchLoop calls run once, then again whenever a watched file under dir
// changes, until run returns false or ctx ends (then it returns nil: Ctrl-C
// is how a learner leaves). A save during a run triggers one more run.
func watchLoop(ctx context.Context, dir string, every time.Duration, run func() bool) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		before, err := snapshot(dir)
		if err != nil {
			return err
		}
		if !run() || ctx.Err() != nil {
			return nil
		}
		// Wait for a change, then for the files to hold still for one look:
		// an editor's save can be several writes (write, then rename, then
		// set the time), and one save must be one run.
		last := before
		for changed := false; ; {
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
			}
			now, err := snapshot(dir)
			if err != nil {
				return err
			}
			if changed && sameFiles(last, now) {
				break
			}
			changed = changed || !sameFiles(before, now)
			last = now
		}
	}
}

type fileState struct {
	mod  time.Time
	size int64
}

// snapshot records the watched files under dir (not node_modules).
func snapshot(dir string) (map[string]fileState, error) {
	files := map[string]fileState{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path != dir {
				return nil // removed while we looked: the next look sees it
			}
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != dir {
				return filepath.SkipDir
			}
			return nil
		}
		if !watched(d.Name()) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		files[path] = fileState{info.ModTime(), info.Size()}
		return nil
	})
	return files, err
}

func watched(name string) bool {
	for _, ext := range watchedExt {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

func sameFiles(a, b map[string]fileState) bool {
	if len(a) != len(b) {
		return false
	}
	for path, st := range a {
		if other, ok := b[path]; !ok || !other.mod.Equal(st.mod) || other.size != st.size {
			return false
		}
	}
	return true
}

// currentStep is the first step whose core is not done, as status reports it.
func (c *CLI) currentStep(ctx context.Context) (Step, bool, error) {
	for _, s := range c.Steps {
		res, err := RunTests(ctx, c.Root, s, TestOptions{})
		if err != nil {
			return Step{}, false, err
		}
		for _, ex := range s.Exercises {
			if !ex.Stretch && !ex.Done(res) {
				return s, true, nil
			}
		}
	}
	return Step{}, false, nil
}

func stepIndex(steps []Step, num string) int {
	for i, s := range steps {
		if s.Num == num {
			return i
		}
	}
	return -1
}

// roomFlags takes --room URL --code CODE --name NAME out of watch's
// arguments: joining the speaker's room is opt-in, and says so.
func (c *CLI) roomFlags(args []string) ([]string, error) {
	var rest []string
	j := &Join{}
	for i := 0; i < len(args); i++ {
		var dst *string
		switch args[i] {
		case "--room", "-room":
			dst = &j.URL
		case "--code", "-code":
			dst = &j.Code
		case "--name", "-name":
			dst = &j.Name
		default:
			rest = append(rest, args[i])
			continue
		}
		if i+1 == len(args) {
			return nil, fmt.Errorf("%s needs a value", args[i])
		}
		*dst = args[i+1]
		i++
	}
	if *j != (Join{}) {
		if j.URL == "" || j.Code == "" || j.Name == "" {
			return nil, errors.New("joining a room takes all three: --room URL --code CODE --name NAME")
		}
		c.Join = j
		fmt.Fprintf(c.Out, "Joined the room at %s as %q: each run sends your name, your exercises' states (done, failing, to do), the failing tests' names and the diagnosis line. Never code, files, paths or environment.\n\n", j.URL, j.Name)
	}
	return rest, nil
}
