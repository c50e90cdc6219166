// Command workshop is the front door: where you are, hints, solutions, and
// the full check.
//
//	go run ./cmd/workshop           # status
//	go run ./cmd/workshop verify    # what CI runs
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	"github.com/grpcvsrest/workshop/internal/workshop"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	root, err := findRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fi, _ := os.Stdout.Stat()
	cli := &workshop.CLI{
		Root:  root,
		In:    os.Stdin,
		Out:   os.Stdout,
		Color: fi != nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == "",
		Steps: workshop.Steps,
	}
	os.Exit(cli.Run(ctx, os.Args[1:]))
}

// findRoot walks up from the working directory to the workshop's go.mod, so
// the command works from any step's folder.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		// Line by line, "\r" trimmed: a Windows checkout may end lines in CRLF.
		if err == nil && slices.Contains(strings.Split(strings.ReplaceAll(string(b), "\r", ""), "\n"), "module github.com/grpcvsrest/workshop") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run this inside the workshop's clone")
		}
		dir = parent
	}
}
