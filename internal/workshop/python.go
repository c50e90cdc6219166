package workshop

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"
)

// pythonInstall is the one line that installs the Python path's tools:
// Debian's packages (no pip: they are the same on every Debian machine).
const pythonInstall = "sudo apt-get install protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf"

// debianPython is Debian's own interpreter, the one python3-grpcio and
// python3-protobuf are installed for. The first python3 on PATH may be
// another (pyenv, a venv) that cannot import them, so it is tried first.
const debianPython = "/usr/bin/python3"

// pythonCandidates lists the interpreters to try: first, then the python3 of
// each absolute directory of the PATH list path, each once. Directories are
// compared with their symlinks resolved (on a merged /usr, /bin/python3 is
// /usr/bin/python3), the file is not: a venv's python3 links to the system
// one but is a different interpreter.
func pythonCandidates(first, path string) []string {
	var found []string
	seen := map[string]bool{}
	add := func(file string) {
		dir, err := filepath.EvalSymlinks(filepath.Dir(file))
		if err != nil {
			return // no such directory
		}
		key := filepath.Join(dir, filepath.Base(file))
		if info, err := os.Stat(key); err != nil || info.IsDir() || info.Mode()&0o111 == 0 || seen[key] {
			return
		}
		seen[key] = true
		found = append(found, file)
	}
	add(first)
	for _, dir := range filepath.SplitList(path) {
		if filepath.IsAbs(dir) { // as exec.LookPath: never a python3 of the current directory
			add(filepath.Join(dir, "python3"))
		}
	}
	return found
}

// findPython returns the first candidate that can import grpc and
// google.protobuf, or "" if none can.
func findPython(ctx context.Context, candidates []string) string {
	for _, python := range candidates {
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := exec.CommandContext(ctx, python, "-c", "import grpc, google.protobuf").Run()
		cancel()
		if err == nil {
			return python
		}
	}
	return ""
}

// needPython says why dir's checks cannot run here, or returns the
// interpreter to run them with: a skip on a laptop, a failure under CI.
func needPython(ctx context.Context, ci bool, dir string) (string, error) {
	if runtime.GOOS == "windows" {
		// The client is made by generate.sh with Debian's protoc and grpc
		// plugin; Python's grpcio on Windows is a pip install this workshop
		// does not ask of a room. WSL2 runs it as Linux does.
		return "", fmt.Errorf("%w: %s runs on Linux and macOS; on Windows, from a WSL2 shell", ErrSkipped, dir)
	}
	var missing []string
	for _, tool := range []string{"protoc", "grpc_python_plugin"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool+" not found")
		}
	}
	python := findPython(ctx, pythonCandidates(debianPython, os.Getenv("PATH")))
	if python == "" {
		missing = append(missing, "no python3 can import grpc and google.protobuf")
	}
	if len(missing) == 0 {
		return python, nil
	}
	if ci {
		return "", fmt.Errorf("%s: %s (CI=true: required; %s)", dir, strings.Join(missing, ", "), pythonInstall)
	}
	return "", fmt.Errorf("%w: %s; to check %s: %s", ErrSkipped, strings.Join(missing, ", "), dir, pythonInstall)
}

// CheckPython checks a step's Python client: its generated code is what
// generate.sh makes now, and its unittest tests pass against the step's
// server built with the solution. It returns how many passed.
func CheckPython(ctx context.Context, root string, step Step, ci bool) (int, error) {
	python, err := needPython(ctx, ci, step.PythonDir)
	if err != nil {
		return 0, err
	}
	dir := filepath.Join(root, step.PythonDir)
	if err := checkPythonCodegen(ctx, dir, step.PythonDir); err != nil {
		return 0, err
	}

	server, cleanup, err := buildServer(ctx, root, step)
	if err != nil {
		return 0, err
	}
	defer cleanup()

	// The tests take a second; the bound is for a hung one.
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	// -B: no __pycache__ left in the repository.
	test := exec.CommandContext(ctx, python, "-B", "-m", "unittest", "-v")
	test.Dir = dir
	test.Env = append(os.Environ(), "WORKSHOP_SERVER_BIN="+server)
	// Interrupt rather than kill, so the tests stop their server on the way
	// out; WaitDelay covers tests that do not.
	test.Cancel = func() error { return interrupt(test.Process) }
	test.WaitDelay = 20 * time.Second
	out, err := test.CombinedOutput()
	pass, ran := unittestCount(out)
	if err != nil || pass == 0 || pass != ran {
		return pass, fmt.Errorf("%s -m unittest in %s: %d of %d tests pass (%v)\n%s", python, step.PythonDir, pass, ran, err, firstLines(string(out), 30))
	}
	return pass, nil
}

// checkPythonCodegen runs generate.sh into a scratch directory and compares
// what it makes with the committed gen/, file for file, byte for byte.
func checkPythonCodegen(ctx context.Context, dir, name string) error {
	scratch, err := os.MkdirTemp("", "workshop-python-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(scratch)
	gen := exec.CommandContext(ctx, "bash", "generate.sh", scratch)
	gen.Dir = dir
	if out, err := gen.CombinedOutput(); err != nil {
		return fmt.Errorf("generate.sh in %s: %v\n%s", name, err, firstLines(string(out), 10))
	}
	fresh, committed := generatedPython(scratch), generatedPython(filepath.Join(dir, "gen"))
	if len(fresh) == 0 || !slices.Equal(fresh, committed) {
		return fmt.Errorf("python: generate.sh made %s, %s/gen holds %s: run %s/generate.sh and commit",
			strings.Join(fresh, ", "), name, strings.Join(committed, ", "), name)
	}
	for _, rel := range fresh {
		want, err := os.ReadFile(filepath.Join(scratch, rel))
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, "gen", rel))
		if err != nil || !sameText(got, want) {
			// The output depends on protoc's version too: say which made it.
			version, _ := exec.CommandContext(ctx, "protoc", "--version").Output()
			return fmt.Errorf("python: %s/gen/%s is stale: run %s/generate.sh and commit (this protoc: %s)",
				name, rel, name, strings.TrimSpace(string(version)))
		}
	}
	return nil
}

// generatedPython lists the generated modules under dir (*_pb2.py and
// *_pb2_grpc.py), in every folder (ecommerce/v1 and google/api, which the
// contract imports), as sorted slash-separated paths relative to it.
func generatedPython(dir string) []string {
	var files []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(path, "_pb2.py") || strings.HasSuffix(path, "_pb2_grpc.py")) {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(files)
	return files
}

// unittestCount reads `python -m unittest -v`: the tests that printed
// "... ok", and the N of "Ran N tests". A skip or an expected failure is
// run but not ok.
func unittestCount(out []byte) (pass, ran int) {
	pass = len(regexp.MustCompile(`(?m) \.\.\. ok$`).FindAll(out, -1))
	if m := regexp.MustCompile(`(?m)^Ran (\d+) tests? in `).FindSubmatch(out); m != nil {
		fmt.Sscan(string(m[1]), &ran)
	}
	return pass, ran
}
