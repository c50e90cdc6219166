package bench

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// svgFacts is what a slide needs to know of a chart: its size, its smallest
// font, and the colour of each bar (by the label drawn just before it).
type svgFacts struct {
	w, h    float64
	minFont float64
	bars    map[string]string // label -> fill
}

func readSVG(t *testing.T, doc []byte) svgFacts {
	t.Helper()
	facts := svgFacts{minFont: 1e9, bars: map[string]string{}}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var lastText string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return facts
		}
		require.NoError(t, err)
		switch tok := tok.(type) {
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range tok.Attr {
				a[at.Name.Local] = at.Value
			}
			switch tok.Name.Local {
			case "svg":
				facts.w, _ = strconv.ParseFloat(a["width"], 64)
				facts.h, _ = strconv.ParseFloat(a["height"], 64)
			case "text":
				px, err := strconv.ParseFloat(a["font-size"], 64)
				require.NoError(t, err, "every text has a font-size")
				facts.minFont = min(facts.minFont, px)
				inText, lastText = true, ""
			case "rect":
				if a["width"] != "100%" { // not the background
					facts.bars[lastText] = a["fill"]
				}
			}
		case xml.CharData:
			if inText {
				lastText += string(tok)
			}
		case xml.EndElement:
			if tok.Name.Local == "text" {
				inText = false
			}
		}
	}
}

// On every network, every question's chart fits the deck's picture box at
// its natural size (so nothing scales its text down) and no text is smaller
// than the deck's 18 px.
func TestChartsReadOnASlide(t *testing.T) {
	for _, link := range Links {
		r := chartResults(false)
		r.Link = link
		for _, m := range r.Metrics {
			var svg bytes.Buffer
			Chart(&svg, r, m)
			f := readSVG(t, svg.Bytes())
			assert.LessOrEqual(t, f.w, float64(SlideW), "%s, %s: wider than the slide's picture box", link.Key, m.Title)
			assert.LessOrEqual(t, f.h, float64(SlideH), "%s, %s: taller than the slide's picture box", link.Key, m.Title)
			assert.GreaterOrEqual(t, f.minFont, 18.0, "%s, %s: text under 18 px", link.Key, m.Title)
		}
	}
}

// One colour means one thing in every chart: gRPC's bars are all one
// colour, REST's all another.
func TestChartColoursMeanTheProtocol(t *testing.T) {
	r := chartResults(false)
	colour := map[string]string{} // protocol -> fill
	for _, m := range r.Metrics {
		var svg bytes.Buffer
		Chart(&svg, r, m)
		bars := readSVG(t, svg.Bytes()).bars
		require.Len(t, bars, len(m.Variants), "%s: one bar per variant", m.Title)
		for label, fill := range bars {
			protocol, _, _ := strings.Cut(label, " ")
			if c, ok := colour[protocol]; ok {
				assert.Equal(t, c, fill, "%s: %q is %s, other %s bars %s", m.Title, label, fill, protocol, c)
			}
			colour[protocol] = fill
		}
	}
	require.Len(t, colour, 2, "two protocols: %v", colour)
	assert.NotEqual(t, colour["gRPC"], colour["REST"])
}

// The committed charts are drawn from the committed RESULTS.md: redrawing
// them (`go run ./06-rest-compare/cmd/bench -charts`) changes nothing.
func TestCommittedChartsMatchResults(t *testing.T) {
	md, err := os.ReadFile("../RESULTS.md")
	require.NoError(t, err)
	files, err := Charts("..", md)
	require.NoError(t, err)
	require.Len(t, files, len(Links)*len(Charted))
	for path, want := range files {
		got, err := os.ReadFile(path)
		require.NoError(t, err, "run: go run ./06-rest-compare/cmd/bench -charts")
		assert.Equal(t, string(want), strings.ReplaceAll(string(got), "\r\n", "\n"),
			"%s is not drawn from RESULTS.md: run go run ./06-rest-compare/cmd/bench -charts", filepath.Base(path))
	}
	for _, link := range Links {
		for _, c := range Charted {
			assert.Contains(t, string(md), "("+filepath.Base(ChartFile("", link, c.Slug))+")", "RESULTS.md shows every chart")
		}
	}
}
