package workshop

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePython writes dir/python3, a script that exits with code: 0 for an
// interpreter that can import grpc, 1 for one that cannot.
func fakePython(t *testing.T, dir, code string) string {
	t.Helper()
	require.NoError(t, os.MkdirAll(dir, 0o755))
	file := filepath.Join(dir, "python3")
	require.NoError(t, os.WriteFile(file, []byte("#!/bin/sh\nexit "+code+"\n"), 0o755))
	return file
}

func TestPythonCandidatesAndTheOneThatImportsGrpc(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix only: the fake interpreters are shell scripts, found by their exec bit (the Python client is skipped on Windows: needPython)")
	}
	tmp := t.TempDir()
	debian := fakePython(t, filepath.Join(tmp, "usr", "bin"), "1") // no grpc
	pyenv := fakePython(t, filepath.Join(tmp, "pyenv"), "1")
	venv := fakePython(t, filepath.Join(tmp, "venv"), "0")
	merged := filepath.Join(tmp, "bin") // bin -> usr/bin, as on a merged /usr
	require.NoError(t, os.Symlink(filepath.Join("usr", "bin"), merged))
	notExecutable := filepath.Join(tmp, "plain")
	require.NoError(t, os.MkdirAll(notExecutable, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(notExecutable, "python3"), nil, 0o644))

	dirs := []string{filepath.Dir(pyenv), merged, filepath.Join(tmp, "none"), notExecutable, "", ".", filepath.Dir(venv), filepath.Dir(pyenv)}
	got := pythonCandidates(debian, strings.Join(dirs, string(os.PathListSeparator)))
	assert.Equal(t, []string{debian, pyenv, venv}, got, "Debian's first, then PATH's, each once, never a relative one")

	assert.Equal(t, venv, findPython(context.Background(), got))
	assert.Empty(t, findPython(context.Background(), got[:2]))
}

func TestUnittestCount(t *testing.T) {
	out := `test_a (test_client.T.test_a) ... ok
test_b (test_client.T.test_b)
What test_b checks. ... ok
test_c (test_client.T.test_c) ... FAIL
test_d (test_client.T.test_d) ... skipped 'no reason'

----------------------------------------------------------------------
Ran 4 tests in 0.201s

FAILED (failures=1, skipped=1)
`
	pass, ran := unittestCount([]byte(out))
	assert.Equal(t, [2]int{2, 4}, [2]int{pass, ran})
	pass, ran = unittestCount([]byte("\nRan 1 test in 0.001s\n\nOK\n"))
	assert.Equal(t, [2]int{0, 1}, [2]int{pass, ran}, "without -v nothing counts as passed")
}

// The freshness check compares every generated module under gen/, in every
// folder: the contract's and google/api's (the contract imports
// google/api/annotations.proto), so a stale or missing annotations_pb2.py is
// caught too.
func TestGeneratedPythonListsEveryModule(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{
		"ecommerce/v1/product_service_pb2.py", "ecommerce/v1/product_service_pb2_grpc.py",
		"google/api/annotations_pb2.py", "google/api/http_pb2.py",
		"google/api/__init__.py", "ecommerce/v1/notes.txt", // not generated modules
	} {
		path := filepath.Join(dir, filepath.FromSlash(f))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, nil, 0o644))
	}
	assert.Equal(t, []string{
		"ecommerce/v1/product_service_pb2.py", "ecommerce/v1/product_service_pb2_grpc.py",
		"google/api/annotations_pb2.py", "google/api/http_pb2.py",
	}, generatedPython(dir))
}
