// Command bench answers the guide's performance table with numbers measured
// on this machine: payload sizes, encode/decode cost, unary latency and
// throughput (gRPC vs REST over HTTP/1.1 and HTTP/2), listing and uploading
// 10,000 products.
//
// on three networks: loopback, a LAN and a WAN (toxiproxy in front of each
// server).
//
//	go run ./06-rest-compare/cmd/bench --quick   # ~2 min: prints the tables
//	go run ./06-rest-compare/cmd/bench           # the full run (~10 min): prints the tables
//	go run ./06-rest-compare/cmd/bench -links loopback      # one network only
//	go run ./06-rest-compare/cmd/bench -write    # the full run, and rewrites RESULTS.md and its charts
//	go run ./06-rest-compare/cmd/bench -charts   # redraws the charts from RESULTS.md (no run)
//	go run ./06-rest-compare/cmd/bench -external-grpc 127.0.0.1:50051   # cross-check against ghz
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
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
	quick := flags.Bool("quick", false, "a short run that only prints (about 2 min on three links, < 30 s with -links loopback); for demos and CI")
	rounds := flags.Int("rounds", 0, "alternating rounds (default 5, quick 2)")
	write := flags.Bool("write", false, "rewrite the committed report (-results) and the charts beside it with this run")
	writeCache := flags.Bool("write-cache", false, "measure only the HTTP caching rows on every link, and replace that section of the report (-results)")
	results := flags.String("results", "06-rest-compare/RESULTS.md", "with -write: where the report goes; with -charts: the report to draw")
	redraw := flags.Bool("charts", false, "only redraw the charts beside -results from its tables (no measuring)")
	links := flags.String("links", "loopback,lan,wan", "the networks to measure on, comma-separated")
	grpcAddr := flags.String("external-grpc", "", "only measure GetProduct throughput of the gRPC server at this address (a cross-check with ghz)")
	restAddr := flags.String("external-rest", "", "only measure GetProduct throughput of the REST server at this address (a cross-check with wrk)")
	id := flags.String("id", "prod-001", "with -external-*: the product to get")
	tok := flags.String("token", "workshop-token", "with -external-*: the bearer token")
	cpuprofile := flags.String("cpuprofile", "", "with -external-*: write this process's CPU profile here (go tool pprof)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *redraw {
		md, err := os.ReadFile(*results)
		if err != nil {
			return err
		}
		return writeCharts(stdout, filepath.Dir(*results), md)
	}
	if *grpcAddr != "" || *restAddr != "" {
		if *cpuprofile != "" {
			stopProfile, err := startCPUProfile(*cpuprofile)
			if err != nil {
				return err
			}
			defer stopProfile()
		}
		return bench.External(ctx, stdout, *grpcAddr, *restAddr, *id, *tok, 3, 5*time.Second)
	}
	if *writeCache {
		return rewriteCaching(ctx, *results, *quick, *rounds, stdout, stderr)
	}
	var all []*bench.Results
	var caches []*bench.CacheResults
	wanted := strings.Split(*links, ",")
	for _, link := range bench.Links {
		if !slices.Contains(wanted, link.Key) {
			continue
		}
		fmt.Fprintf(stderr, "== %s\n", link.Name)
		res, err := bench.Run(ctx, bench.Options{Quick: *quick, Rounds: *rounds, Link: link, Log: stderr})
		if err != nil && strings.Contains(err.Error(), "TODO(06)") {
			return fmt.Errorf("the REST batch handler is still the exercise stub: finish 06-rest-compare/batch.go, "+
				"or run `go run ./cmd/workshop bench`, which uses the solution (%w)", err)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", link.Name, err)
		}
		fmt.Fprintf(stderr, "HTTP caching ...\n")
		c, err := bench.Caching(ctx, bench.Options{Quick: *quick, Rounds: *rounds, Link: link})
		if err != nil {
			return fmt.Errorf("%s, caching: %w", link.Name, err)
		}
		fmt.Fprintf(stdout, "\n## %s\n\n", link.Name)
		bench.Table(stdout, res)
		bench.CacheTable(stdout, c)
		all = append(all, res)
		caches = append(caches, c)
	}
	if len(all) == 0 {
		return fmt.Errorf("-links %q names none of loopback, lan, wan", *links)
	}
	fmt.Fprintf(stdout, "\n## The same questions on each network (median, and the ratio to the first variant)\n\n")
	bench.Networks(stdout, all)
	if !*write {
		return nil
	}
	if len(all) != len(bench.Links) || all[0].Link.Shaped() {
		return errors.New("-write needs every link (the report holds them all)")
	}
	var md bytes.Buffer
	bench.Markdown(&md, all)
	md.WriteString("\n")
	bench.CacheMarkdown(&md, caches, all[0].Env.Date)
	if err := os.WriteFile(*results, md.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote", *results)
	return writeCharts(stdout, filepath.Dir(*results), md.Bytes())
}

// rewriteCaching measures the caching rows on every link and puts them in
// the report in place of its caching section; the rest stays as it was.
func rewriteCaching(ctx context.Context, results string, quick bool, rounds int, stdout, stderr io.Writer) error {
	md, err := os.ReadFile(results)
	if err != nil {
		return err
	}
	var caches []*bench.CacheResults
	for _, link := range bench.Links {
		fmt.Fprintf(stderr, "== %s: HTTP caching\n", link.Name)
		c, err := bench.Caching(ctx, bench.Options{Quick: quick, Rounds: rounds, Link: link})
		if err != nil {
			return fmt.Errorf("%s, caching: %w", link.Name, err)
		}
		bench.CacheTable(stdout, c)
		caches = append(caches, c)
	}
	var section bytes.Buffer
	bench.CacheMarkdown(&section, caches, bench.ReadEnv().Date)
	if err := os.WriteFile(results, bench.ReplaceCacheSection(md, section.Bytes()), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "wrote the caching section of", results)
	return nil
}

// writeCharts draws the charts from the report's tables, so they show
// exactly the report's numbers.
func writeCharts(stdout io.Writer, dir string, md []byte) error {
	files, err := bench.Charts(dir, md)
	if err != nil {
		return err
	}
	for _, path := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(path, files[path], 0o644); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "wrote", path)
	}
	return nil
}

// startCPUProfile profiles the load generator itself, to see where its CPU
// goes when it is compared with h2load or wrk.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
