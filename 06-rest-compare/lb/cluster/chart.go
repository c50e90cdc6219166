package cluster

import (
	"fmt"
	"html"
	"io"
)

// Chart draws one bar per setup, split by the replicas that answered its
// calls: a bar of one colour is one replica taking everything. Every label
// is at least 16 px, so it reads on a projector (the deck shows it).
func Chart(w io.Writer, rows []Row) {
	const (
		width, left, right = 1200, 560, 120 // right: room for "N failed" beside its bar
		top, barH, gap     = 64, 32, 14
	)
	colours := []string{"#4e79a7", "#f28e2b", "#59a14f"}
	height := top + len(rows)*(barH+gap) + 30
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="18">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%d" y="28" font-size="24" font-weight="bold">Calls per replica (GetProduct, %d workers)</text>`+"\n", 10, Workers)
	for i, c := range colours {
		x := left + i*150
		fmt.Fprintf(w, `<rect x="%d" y="40" width="16" height="16" fill="%s"/><text x="%d" y="55">replica-%d</text>`+"\n", x, c, x+22, i+1)
	}
	for i, r := range rows {
		y := top + i*(barH+gap)
		fmt.Fprintf(w, `<text x="%d" y="%d" text-anchor="end">%s</text>`+"\n", left-10, y+barH/2+6, html.EscapeString(r.Setup))
		total := float64(r.Total())
		x := float64(left)
		for k, c := range r.Calls {
			if c == 0 || total == 0 {
				continue
			}
			wd := float64(width-left-right) * float64(c) / total
			fmt.Fprintf(w, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", x, y, wd, barH, colours[k%len(colours)])
			if wd > 50 {
				fmt.Fprintf(w, `<text x="%.1f" y="%d" fill="white" text-anchor="middle">%d</text>`+"\n", x+wd/2, y+barH/2+6, c)
			}
			x += wd
		}
		if r.Failed > 0 {
			fmt.Fprintf(w, `<text x="%d" y="%d" fill="#b00">%d failed</text>`+"\n", width-right+10, y+barH/2+6, r.Failed)
		}
	}
	fmt.Fprintln(w, "</svg>")
}
