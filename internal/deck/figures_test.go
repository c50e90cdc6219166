package deck_test

import (
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

// figure is a measured or stated quantity as a slide writes it: a number
// and its unit ("4 MB", "10.5x", "200 ms", "64 KiB").
var figure = regexp.MustCompile(`(\d(?:[\d,.]*\d)?\s?(?:KB/s|Mbit/s|req/s|KB|MB|GB|KiB|MiB|GiB|ms|µs|ns|px|%|x))(?:[^\w/]|$)`)

// A slide of step NN says what step NN's folder says: every figure on it
// (and in its notes) is written the same way in that folder's README, its
// reference files, RESULTS.md or its code. A deck written from an older
// run, or from memory, said "13x slower" where the README measured 10.5x,
// and "1.3x to 1.7x" where RESULTS.md has 1.44x; a speaker reads the slide
// aloud while the room reads the README.
func TestSlideFiguresComeFromTheirStep(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(root, deck.File))
	require.NoError(t, err)
	stepTitle := regexp.MustCompile(`(?m)^## (\d\d) · (.*)$`)
	fence := regexp.MustCompile("(?s)```.*?```")
	texts := map[string]string{} // step number -> its folder's text
	for i, part := range slideSources(src) {
		m := stepTitle.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		if _, ok := texts[m[1]]; !ok {
			texts[m[1]] = stepText(t, m[1])
		}
		var said []string
		for _, line := range strings.Split(fence.ReplaceAllString(part, ""), "\n") {
			if strings.HasPrefix(line, ".code ") || strings.HasPrefix(line, ".include ") || strings.HasPrefix(line, "## ") {
				continue // included lines are the files' own
			}
			said = append(said, line)
		}
		for _, g := range figure.FindAllStringSubmatch(strings.Join(said, "\n"), -1) {
			f := g[1]
			assert.True(t, strings.Contains(texts[m[1]], f), "slide %d (%s · %s) says %q, which step %s's folder never does: take the figure from its README or RESULTS.md",
				i+1, m[1], m[2], f, m[1])
		}
	}
}

// stepText is every text file of step num's folder (its README, reference
// files, RESULTS.md, code), not its generated or installed files.
func stepText(t *testing.T, num string) string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(root, num+"-*"))
	require.NoError(t, err)
	require.Len(t, dirs, 1, "step %s's folder", num)
	var all strings.Builder
	err = filepath.WalkDir(dirs[0], func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "gen" || d.Name() == "dist") {
			return filepath.SkipDir
		}
		switch filepath.Ext(path) {
		case ".md", ".go", ".ts", ".proto", ".yaml", ".cfg", ".html":
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			all.Write(b)
			all.WriteString("\n")
		}
		return nil
	})
	require.NoError(t, err)
	return all.String()
}
