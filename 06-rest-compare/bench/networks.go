package bench

import (
	"fmt"
	"io"
	"strings"
)

// Networks writes the guide's questions once per link, side by side: the
// same variants, loopback next to a LAN and a WAN, so a reader sees which
// answer the network changes.
func Networks(w io.Writer, rs []*Results) {
	fmt.Fprintf(w, "| Question | Variant |")
	for _, r := range rs {
		fmt.Fprintf(w, " %s |", r.Link.Name)
	}
	fmt.Fprintf(w, "\n|---|---|%s\n", strings.Repeat("---:|", len(rs)))
	rows := []struct{ title, short string }{
		{P50, "GetProduct p50, ms"},
		{P99, "GetProduct p99, ms"},
		{Throughput, "GetProduct, req/s, 10 clients"},
		{List10k, "List 10,000, ms"},
		{Upload10k, "Upload 10,000, ms"},
	}
	for _, row := range rows {
		first := rs[0].Metric(row.title)
		if first == nil {
			continue
		}
		for _, v := range first.Variants {
			fmt.Fprintf(w, "| %s | %s |", row.short, v)
			for _, r := range rs {
				m := r.Metric(row.title)
				if m == nil || len(m.Samples[v]) == 0 {
					fmt.Fprintf(w, " |")
					continue
				}
				median := SpreadOf(m.Samples[v]).Median
				fmt.Fprintf(w, " %s (%s) |", num(median), ratio(median, SpreadOf(m.Samples[m.Variants[0]]).Median))
			}
			fmt.Fprintln(w)
		}
	}
}
