package deck_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/internal/deck"
)

// Every test the deck names (a speaker reads it aloud: "this test catches
// it") is a test of the repository, and every path it names exists. An
// earlier deck named three tests that were never written and a folder that
// never was.
func TestTheDeckNamesRealTestsAndPaths(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)

	tests := map[string]bool{}
	funcTest := regexp.MustCompile(`(?m)^func (Test\w+)\(`)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range funcTest.FindAllStringSubmatch(string(b), -1) {
				tests[m[1]] = true
			}
		}
		return nil
	})
	require.NoError(t, err)
	for _, name := range regexp.MustCompile(`\bTest[A-Z]\w*`).FindAllString(string(src), -1) {
		assert.True(t, tests[name], "%s names %s, which no _test.go defines", deck.File, name)
	}

	// Paths: a step's folder, internal/, cmd/, slides/ or _solutions/, then
	// at least one more segment.
	path := regexp.MustCompile("(?:^|[\\s`(])((?:0[1-7]-[a-z-]+|internal|cmd|slides|_solutions)/[\\w./-]*\\w)")
	for _, m := range path.FindAllStringSubmatch(string(src), -1) {
		p := strings.TrimSuffix(m[1], "/...")
		_, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)))
		assert.NoError(t, err, "%s names %s, which does not exist", deck.File, p)
	}
}

// An exercise slide shows the stub the room starts from; the solution's
// lines go on a Solution slide of their own, shown after the exercise.
func TestExerciseSlidesShowNoSolution(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)
	for i, part := range slideSources(src) {
		if !regexp.MustCompile(`(?m)^## .*Exercise`).MatchString(part) {
			continue
		}
		assert.NotRegexp(t, `(?m)^\.code _solutions/`, part, "slide %d, an exercise slide, includes a solution", i+1)
	}
}

// The half-day agenda (FACILITATING.md): no stretch slides, and steps 04,
// 06 and 07 as demos: their ideas and measurements, not their exercises.
func TestHalfDayAgenda(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)
	all, err := deck.Render(root, string(src))
	require.NoError(t, err)
	half, err := deck.ForAgenda(all, "half-day")
	require.NoError(t, err)
	var titles []string
	for _, s := range half {
		titles = append(titles, deck.Title(s))
	}
	joined := strings.Join(titles, "\n")
	assert.NotContains(t, joined, "Stretch")
	assert.NotRegexp(t, `(?m)^0[467] · (Exercise|Solution)`, joined)
	for _, want := range []string{"01 · Exercise: Wire", "05 · Exercise: Apply", "06 · The guide's table, measured", "07 · In a real browser", "When to use which"} {
		assert.Contains(t, joined, want)
	}
	t.Logf("half-day: %d of %d slides", len(half), len(all))
	facilitating, err := os.ReadFile(filepath.Join(root, "FACILITATING.md"))
	require.NoError(t, err)
	assert.Contains(t, strings.Join(strings.Fields(string(facilitating)), " "), fmt.Sprintf("(%d of the %d slides", len(half), len(all)),
		"FACILITATING.md's half-day paragraph counts the slides the agenda serves")

	_, err = deck.ForAgenda(all, "weekend")
	assert.ErrorContains(t, err, `no agenda "weekend"; the agendas are full, half-day`)
}

// slideSources splits the deck's source into slides as Render does (CRLF
// read as LF, so a Windows checkout splits the same).
func slideSources(src []byte) []string {
	return strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n---\n")
}
