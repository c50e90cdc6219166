// Command bench answers the guide's performance table with numbers measured
// on this machine: payload sizes, encode/decode cost, unary latency and
// throughput (gRPC vs REST over HTTP/1.1 and HTTP/2), listing and uploading
// 10,000 products.
//
//	go run ./06-rest-compare/cmd/bench --quick   # < 30 s: prints the tables
//	go run ./06-rest-compare/cmd/bench           # the full run (~2 min): prints the tables
//	go run ./06-rest-compare/cmd/bench -write    # the full run, and rewrites RESULTS.md and results.svg
//	go run ./06-rest-compare/cmd/bench -external-grpc 127.0.0.1:50051   # cross-check against ghz
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/grpcvsrest/workshop/06-rest-compare/bench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("bench", flag.ContinueOnError)
	quick := flags.Bool("quick", false, "a short run (< 30 s) that only prints; for demos and CI")
	rounds := flags.Int("rounds", 0, "alternating rounds (default 5, quick 2)")
	write := flags.Bool("write", false, "rewrite the committed report and chart (-results, -chart) with this run")
	results := flags.String("results", "06-rest-compare/RESULTS.md", "with -write: where the report goes")
	chart := flags.String("chart", "06-rest-compare/results.svg", "with -write: where the chart goes")
	grpcAddr := flags.String("external-grpc", "", "only measure GetProduct throughput of the gRPC server at this address (a cross-check with ghz)")
	restAddr := flags.String("external-rest", "", "only measure GetProduct throughput of the REST server at this address (a cross-check with wrk)")
	id := flags.String("id", "prod-001", "with -external-*: the product to get")
	tok := flags.String("token", "workshop-token", "with -external-*: the bearer token")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *grpcAddr != "" || *restAddr != "" {
		return bench.External(ctx, stdout, *grpcAddr, *restAddr, *id, *tok, 3, 5*time.Second)
	}
	res, err := bench.Run(ctx, bench.Options{Quick: *quick, Rounds: *rounds, Log: stderr})
	if err != nil && strings.Contains(err.Error(), "TODO(06)") {
		return fmt.Errorf("the REST batch handler is still the exercise stub: finish 06-rest-compare/batch.go, "+
			"or run `go run ./cmd/workshop bench`, which uses the solution (%w)", err)
	}
	if err != nil {
		return err
	}
	bench.Table(stdout, res)
	if !*write {
		return nil
	}
	var md, svg bytes.Buffer
	bench.Markdown(&md, res)
	bench.Chart(&svg, res)
	for path, b := range map[string][]byte{*results: md.Bytes(), *chart: svg.Bytes()} {
		if path == "" {
			continue
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	return nil
}
