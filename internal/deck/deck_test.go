package deck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestExtract(t *testing.T) {
	root := t.TempDir()
	src := "package x\n\n// Hello says hello.\nfunc Hello() string {\n\treturn \"hi\"\n}\n\nfunc Bye() {}\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "x.go"), []byte(src), 0o644))
	for _, tc := range []struct {
		addr, want, err string
	}{
		{"", src, ""},
		{"/^func Bye/", "func Bye() {}\n", ""},
		{"/^func Hello/,/^}/", "func Hello() string {\n\treturn \"hi\"\n}\n", ""},
		{"/^\\/\\/ Hello/,/^}/", "// Hello says hello.\nfunc Hello() string {\n\treturn \"hi\"\n}\n", ""},
		{"/^func Gone/", "", "no line matches"},
		{"/^func Bye/,/^}/", "", "no line after"}, // the end must come after the start
		{"func Hello", "", "an address is"},
		{"/(/", "", "missing closing"},
	} {
		got, err := Extract(root, "x.go", tc.addr)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err, tc.addr)
			continue
		}
		require.NoError(t, err, tc.addr)
		assert.Equal(t, tc.want, got, tc.addr)
	}
	_, err := Extract(root, "missing.go", "")
	assert.ErrorIs(t, err, os.ErrNotExist)
	for _, outside := range []string{"../x.go", "a/../../x.go", "/etc/passwd"} {
		_, err := Extract(root, outside, "")
		assert.ErrorContains(t, err, "only files inside the repository", outside)
	}
}

func TestRenderTakesNotesOutAndNamesTheBrokenSlide(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(root, "x.go"), []byte("package x\n\nfunc A() {}\n"), 0o644))
	slides, err := Render(root, "# One\n\n.code x.go /^func A/\n: say this aloud\n\n---\n## Two\n\n```text\n.code not-a-directive\n: not a note\n```\n")
	require.NoError(t, err)
	require.Len(t, slides, 2)
	assert.Contains(t, string(slides[0].HTML), `<code class="language-go">func A() {}`)
	assert.NotContains(t, string(slides[0].HTML), "say this aloud", "a note is never on the slide")
	assert.Equal(t, []string{"say this aloud"}, slides[0].Notes)
	assert.Contains(t, string(slides[1].HTML), ".code not-a-directive", "inside a fence, shown as written")
	assert.Contains(t, string(slides[1].HTML), ": not a note")

	_, err = Render(root, "# One\n\n---\n## Two\n\n.code x.go /^func Gone/\n")
	assert.ErrorContains(t, err, "slide 2 (Two)")
	assert.ErrorContains(t, err, "no line matches ^func Gone")
}

// A Windows checkout or editor may end every line in CRLF: the deck and
// the files it includes render exactly as they do with LF.
func TestCRLFRendersAsLF(t *testing.T) {
	root := t.TempDir()
	src := "# One\n\n.code x.go /^func A/,/^}/\n: say this aloud\n\n---\n## Two\n"
	code := "package x\n\nfunc A() {\n}\n"
	require.NoError(t, os.WriteFile(filepath.Join(root, "x.go"), []byte(code), 0o644))
	want, err := Render(root, src)
	require.NoError(t, err)

	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	require.NoError(t, os.WriteFile(filepath.Join(root, "x.go"), []byte(crlf(code)), 0o644))
	got, err := Render(root, crlf(src))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// The deck shows the repository's code, never a copy: a Go block in the
// deck itself would drift from the files it claims to show.
func TestTheDeckCopiesNoCode(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", File))
	require.NoError(t, err)
	for i, line := range strings.Split(string(src), "\n") {
		for _, lang := range []string{"```go", "```ts", "```js", "```protobuf", "```proto"} {
			assert.NotEqual(t, lang, strings.TrimSpace(line), "%s:%d: show code with .code file /start/,/end/", File, i+1)
		}
	}
}
