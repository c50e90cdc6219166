package workshop

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"

	"github.com/grpcvsrest/workshop/internal/browser"
)

// check is one line of doctor's report.
type check struct {
	name     string
	required bool // without it the core steps cannot run
	cmd      []string
	fix      string // how to get it
}

var checks = []check{
	{"go", true, []string{"go", "version"}, "install Go 1.26 or newer from https://go.dev/dl/"},
	{"node", false, []string{"node", "--version"}, "install Node.js 20 or newer (https://nodejs.org) for the Node client (05) and the browser step (07)"},
	{"npm", false, []string{"npm", "--version"}, "npm comes with Node.js"},
	{"git", false, []string{"git", "--version"}, "install git (workshop reset uses it)"},
	{"haproxy", false, []string{"haproxy", "-v"}, "sudo apt-get install haproxy (macOS: brew install haproxy), only for 06's load-balancing lesson"},
}

// Doctor reports what this machine has. Under CI every tool is required.
func Doctor(w io.Writer, root string, ci bool) bool {
	ok := true
	for _, c := range checks {
		out, err := exec.Command(c.cmd[0], c.cmd[1:]...).Output()
		if err != nil {
			required := c.required || ci
			label := "missing (optional)"
			if required {
				label, ok = "MISSING", false
			}
			fmt.Fprintf(w, "%-19s %s: %s\n", c.name, label, c.fix)
			continue
		}
		fmt.Fprintf(w, "%-19s ok   %s\n", c.name, strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]))
	}
	// Chromium: looked up as the browser test does ($CHROMIUM first).
	if path, err := browser.Find(); err != nil {
		label := "missing (optional)"
		if ci {
			label, ok = "MISSING", false
		}
		fmt.Fprintf(w, "%-19s %s: %s (only for 07's browser test)\n", "chromium", label, browser.Install)
	} else {
		out, _ := exec.Command(path, "--version").Output()
		fmt.Fprintf(w, "%-19s ok   %s (%s)\n", "chromium", strings.TrimSpace(string(out)), path)
	}
	// The Python path (05-bidi/python): Debian's python3 with grpc, protoc
	// and its gRPC plugin.
	if python, err := needPython(context.Background(), ci, "05-bidi/python"); err != nil {
		label := "missing (optional)"
		if ci {
			label, ok = "MISSING", false
		}
		fmt.Fprintf(w, "%-19s %s: %s (only for 05's Python client)\n", "python", label, strings.TrimPrefix(err.Error(), ErrSkipped.Error()+": "))
	} else {
		fmt.Fprintf(w, "%-19s ok   %s with grpc, protoc, grpc_python_plugin\n", "python", python)
	}
	// The Go tools: built by prep, or by go tool on first use (a silent
	// download and build of up to a minute, in the middle of a demo).
	built := builtTools(root)
	for _, t := range goTools {
		path := built[t.Name]
		if _, err := os.Stat(path); path == "" || err != nil {
			fmt.Fprintf(w, "%-19s not built yet (optional): go run ./cmd/workshop prep builds it once; else go tool builds it on first use, silently, for up to a minute\n", t.Name)
			continue
		}
		fmt.Fprintf(w, "%-19s ok   built, in Go's build cache\n", t.Name)
	}
	// The stage servers listen on 127.0.0.1:50051 by default.
	if l, err := net.Listen("tcp", "127.0.0.1:50051"); err != nil {
		fmt.Fprintf(w, "%-19s busy: 127.0.0.1:50051 is taken; start servers with -addr 127.0.0.1:0 or stop what uses it\n", "port")
	} else {
		l.Close()
		fmt.Fprintf(w, "%-19s ok   127.0.0.1:50051 is free\n", "port")
	}
	return ok
}
