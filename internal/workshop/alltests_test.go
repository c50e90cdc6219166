package workshop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One go test for every step, split back by step; kept until a file changes.
func TestRunAllTestsSplitsByStepAndKeepsResults(t *testing.T) {
	needTool(t, "go")
	root := t.TempDir()
	write := func(path, content string) { writeFile(t, root, path, content) }
	write("go.mod", "module tiny\n\ngo 1.26\n")
	write("01-a/a_test.go", "package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {        }\n")
	write("02-b/b_test.go", "package b\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) { t.Fatal(\"TODO(02): write B\") }\n")
	write("02-b/sub/c_test.go", "package sub\n\nimport \"testing\"\n\nfunc TestC(t *testing.T) {}\n")
	steps := []Step{{Num: "01", Dir: "01-a"}, {Num: "02", Dir: "02-b"}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	res, err := RunAllTests(ctx, root, steps)
	require.NoError(t, err)
	assert.True(t, res["01-a"].OK(), "%+v", res["01-a"])
	assert.ElementsMatch(t, []string{"TestB"}, res["02-b"].FailedNames())
	assert.Contains(t, res["02-b"].Failed["TestB"], "TODO(02): write B")
	assert.Contains(t, res["02-b"].Passed, "TestC", "a step's subpackages are the step's")
	assert.FileExists(t, filepath.Join(root, ".workshop", "status.json"))

	// Solved: the file changed, so its step runs again; the other step's
	// results are kept (its test now fails, but nothing of it changed: the
	// kept result says it passed, which shows it was not run).
	write("02-b/b_test.go", "package b\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) {}\n")
	a := filepath.Join(root, "01-a", "a_test.go")
	info, err := os.Stat(a)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(a, []byte("package a\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {t.Fail()}\n"), 0o644))
	require.NoError(t, os.Chtimes(a, info.ModTime(), info.ModTime())) // same size, same time: unchanged to a fingerprint
	res, err = RunAllTests(ctx, root, steps)
	require.NoError(t, err)
	assert.True(t, res["02-b"].OK(), "%+v", res["02-b"])
	assert.True(t, res["01-a"].OK(), "01-a was run again, though nothing of it changed")
}
