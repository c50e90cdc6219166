package bench

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// The test's own copy of chart.go's width rule (0.65 font sizes per
// character), kept here so the test also judges a layout that does not use it.
const testCharEm = 0.65

// chartResults is the committed run's shape and numbers (RESULTS.md), with
// the longest real label and, if long is set, a variant with a far longer one.
func chartResults(long bool) *Results {
	const dflt = "REST HTTP/1.1, MaxIdleConnsPerHost 2 (Go's default)"
	r := &Results{Env: Env{GoVersion: "go1.26.8", NumCPU: 2}, Rounds: 5}
	add := func(title, unit string, higher bool, rows ...any) {
		m := &Metric{Title: title, Unit: unit, Higher: higher, Samples: map[string][]float64{}}
		for i := 0; i < len(rows); i += 4 {
			v := rows[i].(string)
			m.Variants = append(m.Variants, v)
			m.Samples[v] = []float64{rows[i+1].(float64), rows[i+2].(float64), rows[i+3].(float64)}
		}
		r.Metrics = append(r.Metrics, m)
	}
	add(Throughput, "req/s", true, "gRPC", 40479.0, 42843.0, 48289.0, "REST HTTP/1.1", 27088.0, 32502.0, 34752.0,
		"REST HTTP/2 (h2c)", 20598.0, 21703.0, 24651.0, dflt, 27073.0, 28942.0, 32605.0)
	add(P99, "ms", false, "gRPC", 1.23, 1.29, 1.42, "REST HTTP/1.1", 1.24, 1.28, 2.59,
		"REST HTTP/2 (h2c)", 1.35, 1.42, 2.15, dflt, 1.35, 1.38, 5.80)
	add(List10k, "ms", false, "gRPC server stream", 15.97, 17.76, 17.89, "gRPC server stream, gzip", 265.0, 276.0, 363.0,
		"REST pages of 100 (HTTP/1.1)", 119.0, 127.0, 136.0, "REST pages of 100 (HTTP/2)", 158.0, 167.0, 212.0,
		"REST pages of 100, gzip", 201.0, 209.0, 301.0, "REST NDJSON stream (HTTP/1.1)", 45.79, 51.08, 61.29,
		"REST NDJSON stream, gzip", 293.0, 314.0, 380.0)
	add(Upload10k, "ms", false, "gRPC client stream", 30.17, 35.41, 44.96,
		"REST one batch POST", 100.0, 103.0, 128.0, "REST 100 POSTs of 100", 225.0, 452.0, 750.0)
	if long {
		m := r.Metrics[0]
		v := "REST HTTP/1.1 through a TLS-terminating corporate proxy, MaxIdleConnsPerHost 2, keep-alive off, every request re-authenticated"
		m.Variants = append(m.Variants, v)
		m.Samples[v] = []float64{1234567, 2345678, 9876543} // the longest value, at the longest bar
	}
	return r
}

// TestChartFitsCanvas parses the chart and checks that every text (its
// width estimated from its length and font size, placed by its text-anchor)
// and every bar lies inside the canvas.
func TestChartFitsCanvas(t *testing.T) {
	for _, long := range []bool{false, true} {
		t.Run(fmt.Sprintf("long=%v", long), func(t *testing.T) {
			r := chartResults(long)
			for _, m := range r.Metrics {
				var svg bytes.Buffer
				Chart(&svg, r, m)
				for _, problem := range outOfCanvas(t, svg.Bytes()) {
					t.Errorf("%s: %s", m.Title, problem)
				}
			}
		})
	}
}

// outOfCanvas lists what leaves the canvas of the SVG doc.
func outOfCanvas(t *testing.T, doc []byte) (problems []string) {
	t.Helper()
	attrs := func(se xml.StartElement) map[string]string {
		a := map[string]string{}
		for _, at := range se.Attr {
			a[at.Name.Local] = at.Value
		}
		return a
	}
	// f reads a number; "100%" is the whole canvas side (the background).
	f := func(a map[string]string, name string, whole float64) float64 {
		s, ok := a[name]
		if !ok {
			return 0
		}
		if p, ok := strings.CutSuffix(s, "%"); ok {
			v, err := strconv.ParseFloat(p, 64)
			require.NoError(t, err, "%s=%q", name, s)
			return v / 100 * whole
		}
		v, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, "%s=%q", name, s)
		return v
	}
	var w, h float64
	check := func(what string, x0, y0, x1, y1 float64) {
		if x0 < 0 || y0 < 0 || x1 > w || y1 > h || x1 < x0 || y1 < y0 {
			problems = append(problems, fmt.Sprintf("%s spans x %.1f..%.1f, y %.1f..%.1f: outside the %.0fx%.0f canvas", what, x0, x1, y0, y1, w, h))
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var text map[string]string // the open <text>'s attributes
	var content strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the chart is well-formed XML")
		switch tok := tok.(type) {
		case xml.StartElement:
			a := attrs(tok)
			switch tok.Name.Local {
			case "svg":
				w, h = f(a, "width", 0), f(a, "height", 0)
				require.Equal(t, fmt.Sprintf("0 0 %s %s", a["width"], a["height"]), a["viewBox"], "the viewBox is the canvas")
				require.Positive(t, w)
				require.Positive(t, h)
			case "rect":
				x, y := f(a, "x", w), f(a, "y", h)
				check(fmt.Sprintf("<rect x=%q y=%q>", a["x"], a["y"]), x, y, x+f(a, "width", w), y+f(a, "height", h))
			case "line":
				check(fmt.Sprintf("<line y1=%q>", a["y1"]), min(f(a, "x1", w), f(a, "x2", w)), min(f(a, "y1", h), f(a, "y2", h)),
					max(f(a, "x1", w), f(a, "x2", w)), max(f(a, "y1", h), f(a, "y2", h)))
			case "text":
				text = a
				content.Reset()
			}
		case xml.CharData:
			if text != nil {
				content.Write(tok) // a <tspan>'s words too: they follow on the same line
			}
		case xml.EndElement:
			if tok.Name.Local != "text" {
				continue
			}
			s, px := content.String(), f(text, "font-size", 0)
			require.Positive(t, px, "<text> %q has a font-size", s)
			tw := float64(utf8.RuneCountInString(s)) * px * testCharEm
			x := f(text, "x", w)
			switch text["text-anchor"] {
			case "middle":
				x -= tw / 2
			case "end":
				x -= tw
			}
			// The baseline is at y: capitals rise about one font size
			// above it, descenders drop a quarter below.
			y := f(text, "y", h)
			check(fmt.Sprintf("<text> %q", s), x, y-px, x+tw, y+px/4)
			text = nil
		}
	}
	return problems
}
