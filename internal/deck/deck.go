// Package deck renders slides/deck.md, the speaker's deck: Markdown slides
// separated by "---" lines, with three directives borrowed from Go's
// present format so code on a slide is the repository's own and cannot
// drift from it:
//
//	.code 02-unary/auth.go /^func UnaryAuth/,/^}/    lines of a file, as code
//	.include 06-rest-compare/RESULTS.md /^## The guide/,/^$/    lines as Markdown
//	: a speaker note (shown in the notes window, never on the slide)
//
// An address is /start/ or /start/,/end/: Go regular expressions, the first
// line matching start through the next line matching end. A missing file
// or an address that matches nothing is an error naming the slide, so a
// renamed function breaks the deck's test, not the talk.
package deck

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Slide is one rendered slide.
type Slide struct {
	HTML  template.HTML // the deck is the speaker's own file
	Notes []string
}

// Render turns the deck's source into slides, reading included files
// under root.
func Render(root, src string) ([]Slide, error) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	src = lf(src) // a deck saved by a Windows editor: "\r\n---\r\n" must split too
	var slides []Slide
	files := &repoFiles{root: root, read: map[string][]byte{}} // a file many slides include is read once
	for i, part := range strings.Split(src, "\n---\n") {
		text, notes, err := expand(files, part)
		if err != nil {
			return nil, fmt.Errorf("slide %d (%s): %w", i+1, title(part), err)
		}
		var b bytes.Buffer
		if err := md.Convert([]byte(text), &b); err != nil {
			return nil, fmt.Errorf("slide %d: %w", i+1, err)
		}
		slides = append(slides, Slide{HTML: template.HTML(b.String()), Notes: notes})
	}
	return slides, nil
}

// expand replaces directives by what they name and takes the notes out.
func expand(files *repoFiles, part string) (string, []string, error) {
	var out strings.Builder
	var notes []string
	fenced := false // directives inside a ``` block are shown as they are
	for _, line := range strings.Split(part, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		switch {
		case fenced:
		case strings.HasPrefix(line, ": ") || line == ":":
			notes = append(notes, strings.TrimSpace(strings.TrimPrefix(line, ":")))
			continue
		case strings.HasPrefix(line, ".code "), strings.HasPrefix(line, ".include "):
			kind, rest, _ := strings.Cut(line, " ")
			file, addr, _ := strings.Cut(strings.TrimSpace(rest), " ")
			lines, err := files.extract(file, strings.TrimSpace(addr))
			if err != nil {
				return "", nil, err
			}
			if kind == ".include" {
				out.WriteString(lines)
				continue
			}
			fmt.Fprintf(&out, "```%s\n%s```\n", language(file), lines)
			continue
		}
		out.WriteString(line + "\n")
	}
	return out.String(), notes, nil
}

// Extract returns the lines of file that addr names (all of them if addr is
// empty), each ending in a newline.
func Extract(root, file, addr string) (string, error) {
	return (&repoFiles{root: root, read: map[string][]byte{}}).extract(file, addr)
}

func (f *repoFiles) extract(file, addr string) (string, error) {
	if !filepath.IsLocal(file) { // absolute, rooted ("/etc" on Windows), or climbing out with ".."
		return "", fmt.Errorf("%s: only files inside the repository", file)
	}
	b, err := f.committed(file)
	if err != nil {
		return "", err
	}
	text := lf(string(b))
	lines := strings.SplitAfter(text, "\n")
	if addr == "" {
		return text, nil
	}
	start, end, err := parseAddr(addr)
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", file, addr, err)
	}
	from := -1
	for i, l := range lines {
		if start.MatchString(strings.TrimSuffix(l, "\n")) {
			from = i
			break
		}
	}
	if from < 0 {
		return "", fmt.Errorf("%s: no line matches %s", file, start)
	}
	to := from
	if end != nil {
		to = -1
		for i := from + 1; i < len(lines); i++ {
			if end.MatchString(strings.TrimSuffix(lines[i], "\n")) {
				to = i
				break
			}
		}
		if to < 0 {
			return "", fmt.Errorf("%s: no line after %q matches %s", file, strings.TrimSpace(lines[from]), end)
		}
	}
	text = strings.Join(lines[from:to+1], "")
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return text, nil
}

var addrRE = regexp.MustCompile(`^/(.+?)/(?:,/(.+)/)?$`)

// parseAddr reads /start/ or /start/,/end/.
func parseAddr(addr string) (start, end *regexp.Regexp, err error) {
	m := addrRE.FindStringSubmatch(addr)
	if m == nil {
		return nil, nil, fmt.Errorf("an address is /start/ or /start/,/end/")
	}
	if start, err = regexp.Compile(m[1]); err != nil {
		return nil, nil, err
	}
	if m[2] != "" {
		if end, err = regexp.Compile(m[2]); err != nil {
			return nil, nil, err
		}
	}
	return start, end, nil
}

func language(file string) string {
	switch filepath.Ext(file) {
	case ".go":
		return "go"
	case ".ts":
		return "ts"
	case ".js":
		return "js"
	case ".proto":
		return "protobuf"
	case ".py":
		return "python"
	case ".sh":
		return "sh"
	}
	return "text"
}

// title is a slide's first heading, to name it in an error.
func title(part string) string {
	for _, line := range strings.Split(part, "\n") {
		if strings.HasPrefix(line, "#") {
			return strings.TrimSpace(strings.TrimLeft(line, "#"))
		}
	}
	return "untitled"
}

// lf turns CRLF line endings into LF: the deck and the files it includes
// may come from a Windows checkout or editor.
func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// committed is file as the repository's last commit has it, or as it is on
// disk when git cannot say (no clone, a file not committed yet). The deck
// shows what every learner started from: on a speaker's or learner's copy
// with solved exercises, an exercise slide still shows the stub.
func (f *repoFiles) committed(file string) ([]byte, error) {
	if b, ok := f.read[file]; ok {
		return b, nil
	}
	cmd := exec.Command("git", "show", "HEAD:"+filepath.ToSlash(file))
	cmd.Dir = f.root
	b, err := cmd.Output()
	if err != nil {
		if b, err = os.ReadFile(filepath.Join(f.root, file)); err != nil {
			return nil, err
		}
	}
	f.read[file] = b
	return b, nil
}

// repoFiles reads the files a render includes, each once.
type repoFiles struct {
	root string
	read map[string][]byte // file -> its committed text
}
