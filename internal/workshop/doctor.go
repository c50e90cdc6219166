package workshop

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
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
	{"nginx", false, []string{"nginx", "-v"}, "sudo apt-get install nginx-light (macOS: brew install nginx), only for 06's caching stretch and its benchmark rows"},
}

// Doctor reports what this machine has, and ends with one line a learner
// can paste to the speaker. Under CI every tool is required.
func Doctor(w io.Writer, root string, ci bool) bool {
	ok := true
	var summary []string // the pasteable line: name=state, one per check
	report := func(name string, required bool, problem, detail string) {
		key := strings.ReplaceAll(name, " ", "-")
		switch {
		case problem == "":
			fmt.Fprintf(w, "%-20s ok   %s\n", name, detail)
			summary = append(summary, key+"=ok")
		case required || ci:
			ok = false
			fmt.Fprintf(w, "%-20s MISSING: %s\n", name, problem)
			summary = append(summary, key+"=MISSING")
		default:
			fmt.Fprintf(w, "%-20s missing (optional): %s\n", name, problem)
			summary = append(summary, key+"=no")
		}
	}
	for _, c := range checks {
		out, err := exec.Command(c.cmd[0], c.cmd[1:]...).CombinedOutput() // nginx -v answers on stderr
		if err != nil {
			report(c.name, c.required, c.fix, "")
			if c.name == "go" { // what needs go cannot be checked without it
				fmt.Fprintf(w, "%-20s not checked: no go\n%-20s not checked: no go\n", "go version", "race detector")
			}
			continue
		}
		report(c.name, c.required, "", strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0]))
		if c.name == "go" {
			have, _ := exec.Command("go", "env", "GOVERSION").Output()
			v := strings.TrimSpace(string(have))
			report("go version", true, goTooOld(root, v), v+" meets every go.mod")
			report("race detector", false, raceProblem(), "cgo and a C compiler: go test -race works (step 05)")
		}
	}
	// Chromium: looked up as the browser test does ($CHROMIUM first).
	if path, err := browser.Find(); err != nil {
		report("chromium", false, browser.Install+" (only for 07's browser test)", "")
	} else {
		out, _ := exec.Command(path, "--version").Output()
		report("chromium", false, "", fmt.Sprintf("%s (%s)", strings.TrimSpace(string(out)), path))
	}
	// The Python path (05-bidi/python): Debian's python3 with grpc, protoc
	// and its gRPC plugin.
	if python, err := needPython(context.Background(), ci, "05-bidi/python"); err != nil {
		report("python", false, strings.TrimPrefix(err.Error(), ErrSkipped.Error()+": ")+" (only for 05's Python client)", "")
	} else {
		report("python", false, "", python+" with grpc, protoc, grpc_python_plugin")
	}
	// The Go tools: built by prep, or by go tool on first use (a silent
	// download and build of up to a minute, in the middle of a demo).
	built := builtTools(root)
	unbuilt := 0
	for _, t := range goTools {
		path := built[t.Name]
		if _, err := os.Stat(path); path == "" || err != nil {
			unbuilt++
			fmt.Fprintf(w, "%-20s not built yet (optional): go run ./cmd/workshop prep builds it once; else go tool builds it on first use, silently, for up to a minute\n", t.Name)
			continue
		}
		fmt.Fprintf(w, "%-20s ok   built, in Go's build cache\n", t.Name)
	}
	summary = append(summary, fmt.Sprintf("tools=%d/%d", len(goTools)-unbuilt, len(goTools)))
	// The default addresses: a busy one is not fatal (every server takes
	// -addr), but the README's commands would fail.
	if busy := busyPorts(); len(busy) > 0 {
		fmt.Fprintf(w, "%-20s busy: %s; start those servers with -addr 127.0.0.1:0, or stop what holds them\n", "ports", strings.Join(busy, ", "))
		summary = append(summary, fmt.Sprintf("ports=%d busy", len(busy)))
	} else {
		report("ports", false, "", fmt.Sprintf("%d default addresses free (50051, 8080, 9090, 9091, 3999)", len(ports)))
	}
	// Line endings: every file as committed, LF.
	if n, err := crlfFiles(root); err != nil {
		fmt.Fprintf(w, "%-20s not checked: not a git clone, or no git\n", "line endings")
	} else {
		problem := ""
		if n > 0 {
			problem = fmt.Sprintf("%d files have CRLF line endings (a clone from before .gitattributes): clone again, or run git rm -rq --cached . && git reset -q --hard (this drops your changes)", n)
		}
		report("line endings", false, problem, "LF, as committed")
	}
	verdict := "ready"
	if !ok {
		verdict = "NOT READY"
	}
	fmt.Fprintf(w, "\nPaste this to the speaker if asked:\n  doctor %s: %s/%s %s\n", verdict, runtime.GOOS, runtime.GOARCH, strings.Join(summary, " "))
	return ok
}
