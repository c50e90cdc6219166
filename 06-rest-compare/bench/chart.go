package bench

import (
	"fmt"
	"html"
	"io"
	"strings"
)

// Chart writes an SVG a speaker can put on a slide: one panel per question,
// one bar per variant (the median of the rounds), the min-max range as a
// thin line, and each bar's ratio to gRPC.
func Chart(w io.Writer, r *Results) {
	panels := []*Metric{r.Metric(Throughput), r.Metric(P99), r.Metric(List10k), r.Metric(Upload10k)}
	const (
		width    = 960
		labelW   = 300
		barMaxW  = 520
		barH     = 22
		gap      = 8
		panelPad = 46
	)
	height := 70
	for _, m := range panels {
		if m != nil {
			height += panelPad + len(m.Variants)*(barH+gap) + 10
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="Helvetica, Arial, sans-serif">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(&b, `<text x="20" y="34" font-size="22" font-weight="bold">gRPC vs REST in Go, measured (%s, %d CPUs)</text>`+"\n",
		html.EscapeString(r.Env.GoVersion), r.Env.NumCPU)
	fmt.Fprintf(&b, `<text x="20" y="56" font-size="13" fill="#555">median of %d rounds; thin line: min to max; loopback, one process</text>`+"\n", r.Rounds)
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
		fmt.Fprintf(&b, `<text x="20" y="%d" font-size="16" font-weight="bold">%s <tspan font-weight="normal" fill="#555">(%s, %s)</tspan></text>`+"\n",
			y, html.EscapeString(m.Title), m.Unit, better)
		y += panelPad - 30
		top := 0.0
		for _, v := range m.Variants {
			top = max(top, SpreadOf(m.Samples[v]).Max)
		}
		base := SpreadOf(m.Samples[m.Variants[0]]).Median
		for i, v := range m.Variants {
			s := SpreadOf(m.Samples[v])
			scale := func(x float64) float64 { return float64(labelW) + x/top*barMaxW }
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="end">%s</text>`+"\n", labelW-8, y+barH-6, html.EscapeString(v))
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", labelW, y, scale(s.Median)-labelW, barH, colors[i%len(colors)])
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#222" stroke-width="2"/>`+"\n", scale(s.Min), scale(s.Max), y+barH/2, y+barH/2)
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="13">%s %s (%s)</text>`+"\n", scale(s.Max)+8, y+barH-6, num(s.Median), m.Unit, ratio(s.Median, base))
			y += barH + gap
		}
		y += 10
	}
	b.WriteString("</svg>\n")
	_, _ = io.WriteString(w, b.String())
}
