// Command lb spreads GetProduct calls over three replicas in each of the
// ways a balancer can, and prints how many each replica answered:
//
//	go run ./06-rest-compare/cmd/lb           # the table (needs haproxy for the L4 and L7 rows)
//	go run ./06-rest-compare/cmd/lb -write    # and rewrites 06-rest-compare/lb/calls.svg
//
// Dial (lb/balanced.go) is an exercise: `go run ./cmd/workshop lb` runs this
// with the solution in place.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/grpcvsrest/workshop/06-rest-compare/lb/cluster"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "lb:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("lb", flag.ContinueOnError)
	calls := flags.Int("calls", 3000, "calls per setup")
	write := flags.Bool("write", false, "rewrite the chart (-chart) with this run")
	chart := flags.String("chart", "06-rest-compare/lb/calls.svg", "with -write: where the chart goes")
	if err := flags.Parse(args); err != nil {
		return err
	}
	rows, missing, err := cluster.Measure(ctx, *calls)
	if err != nil {
		return err
	}
	if missing != nil {
		if os.Getenv("CI") == "true" {
			return missing
		}
		fmt.Fprintf(stdout, "SKIPPED the L4 and L7 rows: %v\n\n", missing)
	}
	fmt.Fprintf(stdout, "GetProduct, %d calls per setup, %d in flight, three replicas:\n\n", *calls, cluster.Workers)
	cluster.Table(stdout, rows)
	if !*write {
		return nil
	}
	f, err := os.Create(*chart)
	if err != nil {
		return err
	}
	cluster.Chart(f, rows)
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", *chart)
	return nil
}
