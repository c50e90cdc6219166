package bench

import (
	"fmt"
	"html"
	"io"
	"math"
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

// Chart writes an SVG a speaker can put on a slide: one panel per question,
// one bar per variant (the median of the rounds), the min-max range as a
// thin line, and each bar's ratio to gRPC.
func Chart(w io.Writer, r *Results) {
	panels := []*Metric{r.Metric(Throughput), r.Metric(P99), r.Metric(List10k), r.Metric(Upload10k)}
	const (
		margin   = 20
		barMaxW  = 520
		barH     = 22
		gap      = 8
		panelPad = 46
		labelPx  = 13 // font size of the row labels and values
	)
	// The bars start right of the longest label (drawn right-aligned, 8 px
	// before its bar), so no label runs off the left edge.
	labelW := 0.0
	height := 70
	for _, m := range panels {
		if m != nil {
			height += panelPad + len(m.Variants)*(barH+gap) + 10
			for _, v := range m.Variants {
				labelW = max(labelW, textW(v, labelPx))
			}
		}
	}
	x0 := math.Ceil(margin + labelW + 8)
	// right is the estimated right edge of everything drawn: the canvas is
	// made that wide (plus the margin) once the body is written.
	right := 0.0
	reach := func(x float64, px int, s string) { right = max(right, x+textW(s, px)) }
	var b strings.Builder
	title := fmt.Sprintf("gRPC vs REST in Go, measured (%s, %d CPUs)", r.Env.GoVersion, r.Env.NumCPU)
	reach(margin, 22, title)
	fmt.Fprintf(&b, `<text x="%d" y="34" font-size="22" font-weight="bold">%s</text>`+"\n", margin, html.EscapeString(title))
	where := "loopback, one process"
	if r.Link.Shaped() {
		where = r.Link.Name + " (toxiproxy)"
	}
	sub := fmt.Sprintf("median of %d rounds; thin line: min to max; %s", r.Rounds, where)
	reach(margin, 13, sub)
	fmt.Fprintf(&b, `<text x="%d" y="56" font-size="13" fill="#555">%s</text>`+"\n", margin, sub)
	y := 70
	colors := []string{"#2b6cb0", "#dd6b20", "#38a169", "#805ad5"}
	for _, m := range panels {
		if m == nil {
			continue
		}
		better := "lower is better"
		if m.Higher {
			better = "higher is better"
		}
		y += 30
		note := fmt.Sprintf("(%s, %s)", m.Unit, better)
		reach(margin, 16, m.Title+" "+note)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="16" font-weight="bold">%s <tspan font-weight="normal" fill="#555">%s</tspan></text>`+"\n",
			margin, y, html.EscapeString(m.Title), html.EscapeString(note))
		y += panelPad - 30
		top := 0.0
		for _, v := range m.Variants {
			top = max(top, SpreadOf(m.Samples[v]).Max)
		}
		base := SpreadOf(m.Samples[m.Variants[0]]).Median
		for i, v := range m.Variants {
			s := SpreadOf(m.Samples[v])
			scale := func(x float64) float64 { return x0 + x/top*barMaxW }
			fmt.Fprintf(&b, `<text x="%.0f" y="%d" font-size="%d" text-anchor="end">%s</text>`+"\n", x0-8, y+barH-6, labelPx, html.EscapeString(v))
			fmt.Fprintf(&b, `<rect x="%.0f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", x0, y, scale(s.Median)-x0, barH, colors[i%len(colors)])
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#222" stroke-width="2"/>`+"\n", scale(s.Min), scale(s.Max), y+barH/2, y+barH/2)
			value := fmt.Sprintf("%s %s (%s)", num(s.Median), m.Unit, ratio(s.Median, base))
			reach(scale(s.Max)+8, labelPx, value)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="%d">%s</text>`+"\n", scale(s.Max)+8, y+barH-6, labelPx, html.EscapeString(value))
			y += barH + gap
		}
		y += 10
	}
	width := int(math.Ceil(right + margin))
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	_, _ = io.WriteString(w, b.String())
	_, _ = io.WriteString(w, "</svg>\n")
}
