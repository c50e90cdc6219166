package bench

import (
	"fmt"
	"html"
	"io"
	"math"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// SVG has no text metrics, so the layout estimates how wide text is drawn:
// charEm font sizes per character. Measured in Chromium on this chart's
// strings, Arial (Liberation Sans) takes at most 0.54em per character and
// DejaVu Sans, the usual Linux stand-in for Helvetica and Arial, 0.60em (the
// bold title); 0.65em keeps a margin. Too wide costs only white space, too
// narrow cuts text off at the edge. (A short capital-heavy word like "gRPC"
// can reach 0.66em, but the longest label, not a short one, sets the column.)
const charEm = 0.65

// textW is the estimated width of s drawn at font size px.
func textW(s string, px int) float64 {
	return float64(utf8.RuneCountInString(s)) * float64(px) * charEm
}

// The deck shows a picture at most SlideW x SlideH pixels (larger ones are
// scaled down, and their text with them), so a chart is drawn to fit that
// box at its natural size: its text is then as big on the slide as here.
const (
	SlideW = 1150
	SlideH = 540
)

// Colours mean the protocol, the same in every chart: blue is gRPC, orange
// is REST (a pair that colour-blind eyes also tell apart). The label beside
// each bar names the variant.
const (
	grpcColor = "#2b6cb0"
	restColor = "#c05621"
)

func colorOf(variant string) string {
	if strings.HasPrefix(variant, "gRPC") {
		return grpcColor
	}
	return restColor
}

// Charted are the questions drawn, one chart each, with the word that names
// their file.
var Charted = []struct{ Title, Slug string }{
	{Throughput, "throughput"},
	{P99, "p99"},
	{List10k, "list"},
	{Upload10k, "upload"},
}

// ChartFile is where the chart of one question on one link goes, in dir:
// results-<link>-<question>.svg.
func ChartFile(dir string, l Link, slug string) string {
	return filepath.Join(dir, "results-"+l.Key+"-"+slug+".svg")
}

// Chart writes the SVG of one question (m) of a run for a slide: a bar per
// variant (the median of the rounds) with its name above it, the min-max
// range as a thin line, and each bar's ratio to the first variant.
func Chart(w io.Writer, r *Results, m *Metric) {
	const (
		margin  = 24
		titlePx = 26
		textPx  = 18 // everything else: at 1280x720 it reads from the back row
		barH    = 22
		rowH    = 58 // label, bar and the gap to the next label
	)
	base := SpreadOf(m.Samples[m.Variants[0]]).Median
	top, valueW, labelW := 0.0, 0.0, 0.0
	values := map[string]string{}
	for _, v := range m.Variants {
		s := SpreadOf(m.Samples[v])
		top = max(top, s.Max)
		r := ratio(s.Median, base)
		if printed, ok := m.Ratios[v]; ok {
			r = printed // the report's own, from the medians before rounding
		}
		values[v] = fmt.Sprintf("%s %s (%s)", num(s.Median), m.Unit, r)
		valueW = max(valueW, textW(values[v], textPx))
		labelW = max(labelW, textW(v, textPx))
	}
	where := "loopback, one process"
	if r.Link.Shaped() {
		where = r.Link.Name
	}
	better := "lower is better"
	if m.Higher {
		better = "higher is better"
	}
	sub := fmt.Sprintf("%s · %s, %s · median of %d rounds", where, m.Unit, better, r.Rounds)
	const legend = "■ gRPC  ■ REST  — min to max" // right of the title
	// The canvas is the slide's box unless a text needs more: then the
	// slide scales it down, which the deck's test reports.
	width := max(float64(SlideW), margin+textW(m.Title, titlePx)+24+textW(legend, textPx)+margin,
		margin+textW(sub, textPx)+margin, margin+labelW+margin)
	barMax := width - 2*margin - 8 - valueW
	scale := func(x float64) float64 { return margin + x/top*barMax }

	var b strings.Builder
	fmt.Fprintf(&b, `<text x="%d" y="36" font-size="%d" font-weight="bold">%s</text>`+"\n", margin, titlePx, html.EscapeString(m.Title))
	fmt.Fprintf(&b, `<text x="%d" y="66" font-size="%d" fill="#444">%s</text>`+"\n", margin, textPx, html.EscapeString(sub))
	fmt.Fprintf(&b, `<text x="%.0f" y="36" font-size="%d" text-anchor="end"><tspan fill="%s">■ gRPC</tspan>  <tspan fill="%s">■ REST</tspan>  — min to max</text>`+"\n",
		width-margin, textPx, grpcColor, restColor)
	y := 100
	for _, v := range m.Variants {
		s := SpreadOf(m.Samples[v])
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="%d">%s</text>`+"\n", margin, y+textPx-2, textPx, html.EscapeString(v))
		bar := y + 24
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", margin, bar, scale(s.Median)-margin, barH, colorOf(v))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#222" stroke-width="2"/>`+"\n", scale(s.Min), scale(s.Max), bar+barH/2, bar+barH/2)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="%d">%s</text>`+"\n", scale(s.Max)+8, bar+barH-4, textPx, html.EscapeString(values[v]))
		y += rowH
	}
	height := y + 4
	wi := int(math.Ceil(width))
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">`+"\n", wi, height, wi, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	_, _ = io.WriteString(w, b.String())
	_, _ = io.WriteString(w, "</svg>\n")
}
