package workshop

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A rule a test pins is a rule the README states: a learner never opens a
// test file to learn what message, format or boundary is wanted. The pinned
// messages are found, not listed: a string a step's test expects that is
// (part of) a message a solution of that step makes. Each must be in the
// step's README, as written or, for a formatted message, in the format's
// shape ("product N: name is required" for "product %d: %s is required").
func TestEveryPinnedMessageIsInTheREADME(t *testing.T) {
	root := filepath.Join("..", "..")
	for _, s := range Steps {
		var solutions []string
		for _, f := range s.Files() {
			if strings.HasSuffix(f, ".go") {
				solutions = append(solutions, filepath.Join(root, SolutionPath(f)))
			}
		}
		messages := goStrings(t, solutions, func(v string) bool {
			return regexp.MustCompile(`[a-z]{3}`).MatchString(v) && !strings.Contains(v, "TODO(")
		})
		var tests []string // the step's tests, in its subfolders too (06's lb/)
		err := filepath.WalkDir(filepath.Join(root, s.Dir), func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			if strings.HasSuffix(path, "_test.go") {
				tests = append(tests, path)
			}
			return nil
		})
		require.NoError(t, err)
		expected := goStrings(t, tests, func(v string) bool {
			return len(v) >= 6 && strings.Contains(strings.TrimSpace(v), " ") && !strings.ContainsAny(v, "%\n") && !strings.Contains(v, "TODO(")
		})
		readme := readmeText(t, root, s)
		pinned := 0
		for _, want := range expected {
			shape, ok := pinnedBy(want, messages)
			if !ok {
				continue
			}
			pinned++
			if !strings.Contains(readme, want) && (shape == nil || !shape.MatchString(readme)) {
				t.Errorf("%s: a test expects %q, which %s/README.md never states: write the rule there", s.Num, want, s.Dir)
			}
		}
		t.Logf("%s: %d pinned messages", s.Num, pinned)
	}
}

// pinnedBy finds the solution message that makes want: one that contains
// it, or a format it is (a piece of) an instance of; then shape matches the
// README's words for that piece, with a placeholder for each verb.
func pinnedBy(want string, messages []string) (shape *regexp.Regexp, ok bool) {
	for _, m := range messages {
		if strings.Contains(m, want) {
			return nil, true
		}
	}
	for _, m := range messages {
		if shape := instanceShape(m, want); shape != nil {
			return shape, true
		}
	}
	return nil, false
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// instanceShape says whether want is what a Printf format makes, or a
// piece of it with a verb inside ("field 3 (description)" of "field %d (%s)
// was removed") that keeps at least 4 of the format's own characters, and
// returns that piece's shape: its words, a short placeholder for each verb
// ("field N (name)"). nil if want is not.
func instanceShape(format, want string) *regexp.Regexp {
	parts := verb.Split(format, -1)
	for i := range parts {
		for j := i + 1; j < len(parts); j++ {
			middle := 0
			w := []string{suffixes(parts[i])}
			for _, p := range parts[i+1 : j] {
				w = append(w, regexp.QuoteMeta(p))
				middle += len(p)
			}
			re := regexp.MustCompile("^" + strings.Join(append(w, prefixes(parts[j])), ".+?") + "$")
			m := re.FindStringSubmatch(want)
			// A piece may start or end inside a verb's value ("name is
			// required" of "product %d: %s is required") if the format's
			// own words in it are at least 4 characters.
			if m == nil || len(m[1])+len(m[2])+middle < 4 {
				continue
			}
			words := append([]string{m[1]}, parts[i+1:j]...)
			for k := range words {
				words[k] = regexp.QuoteMeta(words[k])
			}
			return regexp.MustCompile(strings.Join(append(words, regexp.QuoteMeta(m[2])), `\S{1,20}`))
		}
	}
	return nil
}

// suffixes matches any end of p (the empty one too); prefixes any start.
func suffixes(p string) string {
	var alt []string
	for i := range len(p) + 1 {
		alt = append(alt, regexp.QuoteMeta(p[i:]))
	}
	return "(" + strings.Join(alt, "|") + ")"
}

func prefixes(p string) string {
	var alt []string
	for i := range len(p) + 1 {
		alt = append(alt, regexp.QuoteMeta(p[:len(p)-i]))
	}
	return "(" + strings.Join(alt, "|") + ")"
}

// goStrings returns the string literals of the Go files that keep passes.
func goStrings(t *testing.T, files []string, keep func(string) bool) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			if _, isImport := n.(*ast.ImportSpec); isImport {
				return false
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if v, err := strconv.Unquote(lit.Value); err == nil && keep(v) {
				out = append(out, v)
			}
			return true
		})
	}
	return out
}

// readmeText is a step's README and the reference files beside it.
func readmeText(t *testing.T, root string, s Step) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, s.Dir, "*.md"))
	require.NoError(t, err)
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		b.Write(data)
	}
	return strings.ReplaceAll(b.String(), "\r\n", "\n")
}

// The check catches a README that loses a rule: without 03's sentence on a
// negative page size, it fails.
func TestAPinnedMessageLeftOutFails(t *testing.T) {
	messages := []string{"page_size must be >= 0, got %d", "product %d: %s is required", "field %d (%s) was removed"}
	_, ok := pinnedBy("page_size must be >= 0", messages)
	assert.True(t, ok)
	shape, ok := pinnedBy("product 1: name is required", messages)
	assert.True(t, ok)
	assert.True(t, shape.MatchString("a refusal says `product N: name is required`"))
	assert.False(t, shape.MatchString("a refusal names the product"))
	_, ok = pinnedBy("name is required", messages)
	assert.True(t, ok, "a piece that starts inside a verb's value")
	shape, ok = pinnedBy("field 4 (price)", messages)
	assert.True(t, ok, "a piece of a format")
	assert.True(t, shape.MatchString("each starting `field N (name)`"))
	_, ok = pinnedBy("a case name in a table", messages)
	assert.False(t, ok, "a string no solution makes is not a rule")
}
