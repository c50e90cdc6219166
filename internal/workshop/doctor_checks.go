package workshop

import (
	"bytes"
	"fmt"
	"go/version"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// goTooOld returns what is wrong with have (a GOVERSION, "go1.26.8") for
// the go line of every go.mod under root, or "" if it meets them all. An
// older Go either fails or, with GOTOOLCHAIN=auto, downloads a newer one
// over the room's Wi-Fi, in the middle of the first exercise.
func goTooOld(root, have string) string {
	dirs, _ := goModules(root)
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(bytes.ReplaceAll(b, []byte("\r"), nil)), "\n") {
			if want, ok := strings.CutPrefix(line, "go "); ok && version.Compare(have, "go"+want) < 0 {
				mod, _ := filepath.Rel(root, filepath.Join(dir, "go.mod"))
				return fmt.Sprintf("%s needs Go %s or newer, this is %s: install it from https://go.dev/dl/", filepath.ToSlash(mod), want, have)
			}
		}
	}
	return ""
}

// raceProblem says why `go test -race` (step 05's lesson) cannot run here,
// or "": the race detector needs cgo, and cgo a C compiler, except on
// macOS (since Go 1.20 it needs neither there).
func raceProblem() string {
	if runtime.GOOS == "darwin" {
		return ""
	}
	out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
	if err != nil {
		return "go env failed: " + err.Error()
	}
	env := strings.Fields(string(out))
	if len(env) < 2 || env[0] != "1" {
		return "cgo is off (CGO_ENABLED=0): -race needs it. " + installCC()
	}
	if _, err := exec.LookPath(env[1]); err != nil {
		return fmt.Sprintf("no C compiler (%s): -race needs one. %s", env[1], installCC())
	}
	return ""
}

func installCC() string {
	switch runtime.GOOS {
	case "windows":
		return "Install gcc (WinLibs, or MSYS2's mingw-w64-ucrt-x86_64-gcc) and put its bin folder on PATH, then set CGO_ENABLED=1. Without it, step 05's tests run without -race; the race lesson is then the speaker's demo, or yours in WSL2."
	default:
		return "sudo apt-get install gcc"
	}
}

// ports are the addresses the workshop's servers listen on by default.
var ports = []struct{ addr, what string }{
	{"127.0.0.1:50051", "the gRPC servers (02-05)"},
	{"127.0.0.1:8080", "06's REST and 07's web server"},
	{"127.0.0.1:9090", "02's metrics"},
	{"127.0.0.1:9091", "06's metrics"},
	{"127.0.0.1:3999", "the slides"},
}

// busyPorts lists the default addresses something else holds.
func busyPorts() []string {
	var busy []string
	for _, p := range ports {
		l, err := net.Listen("tcp", p.addr)
		if err != nil {
			busy = append(busy, p.addr+" ("+p.what+")")
			continue
		}
		l.Close()
	}
	return busy
}

// crlfFiles counts the tracked files checked out with CRLF endings: a
// clone made before .gitattributes, by a Git that converts them.
func crlfFiles(root string) (int, error) {
	cmd := exec.Command("git", "ls-files", "--eol")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return 0, err
	}
	return strings.Count(string(out), "w/crlf"), nil
}
