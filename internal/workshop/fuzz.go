package workshop

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// FuzzTarget is one fuzz test CI runs for a fixed time. Step, if set, is the
// step whose solutions are swapped in (the target exercises learner code).
type FuzzTarget struct {
	Pkg, Name, Step string
}

// FuzzTargets: every parser a client's bytes reach.
var FuzzTargets = []FuzzTarget{
	{Pkg: "./01-proto/", Name: "FuzzWireFields", Step: "01"},           // 01's wire parser
	{Pkg: "./internal/catalog/", Name: "FuzzPageToken"},                // the token decoder itself
	{Pkg: "./internal/reference/", Name: "FuzzListProductsToken"},      // page tokens over gRPC
	{Pkg: "./06-rest-compare/", Name: "FuzzListPageToken", Step: "06"}, // page tokens over REST
	{Pkg: "./06-rest-compare/", Name: "FuzzCreateBatch", Step: "06"},   // the REST batch body
}

// Fuzz runs each target for d. A crasher the fuzzer finds is written to the
// package's testdata/fuzz/<Name>/ by go test: commit it, and it stays a test.
func (c *CLI) Fuzz(ctx context.Context, d time.Duration) error {
	failed := 0
	for _, f := range FuzzTargets {
		args := []string{"test", "-run", "^$", "-fuzz", "^" + f.Name + "$", "-fuzztime", d.String()}
		if f.Step != "" {
			step, ok := findIn(c.Steps, f.Step)
			if !ok {
				return fmt.Errorf("fuzz %s: no step %s", f.Name, f.Step)
			}
			overlay, cleanup, err := WriteOverlay(c.Root, step)
			if err != nil {
				return err
			}
			defer cleanup()
			args = append(args, "-overlay", overlay)
		}
		start := time.Now()
		cmd := exec.CommandContext(ctx, "go", append(args, f.Pkg)...)
		cmd.Dir = c.Root
		out, err := cmd.CombinedOutput()
		took := time.Since(start).Round(100 * time.Millisecond)
		if err != nil {
			failed++
			fmt.Fprintf(c.Out, "FAIL %s %s (%s)\n%s\n", f.Pkg, f.Name, took, firstLines(string(out), 20))
			continue
		}
		fmt.Fprintf(c.Out, "ok   %s %s: no failure in %v (%s)\n", f.Pkg, f.Name, d, took)
	}
	if failed > 0 {
		return fmt.Errorf("%d fuzz target(s) failed: the crashers are in testdata/fuzz", failed)
	}
	return nil
}

func parseFuzzTime(args []string) (time.Duration, error) {
	d := 5 * time.Second
	for i := 0; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		if v, ok := strings.CutPrefix(a, "time="); ok {
			return time.ParseDuration(v)
		}
		if a == "time" && i+1 < len(args) {
			return time.ParseDuration(args[i+1])
		}
	}
	return d, nil
}
