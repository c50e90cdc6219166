package bench

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// CacheTable writes the caching rows of one network.
func CacheTable(w io.Writer, c *CacheResults) {
	fmt.Fprintf(w, "\n### HTTP caching: the same product again and again, %s\n\n", c.Link.Name)
	rounds := fmt.Sprintf("%d rounds", c.Rounds)
	if c.Rounds == 1 {
		rounds = "1 round" // CI's quick run on the WAN
	}
	fmt.Fprintf(w, "Closed loop, 10 workers, %s of %v; the cache (nginx, `httpcache/nginx.conf`) sits on the clients' side of the network. ", rounds, c.Window)
	fmt.Fprintf(w, "Bytes are counted at the client, both directions, headers included.\n\n")
	if c.Skipped != "" {
		fmt.Fprintf(w, "SKIPPED the rows through nginx: %s\n\n", c.Skipped)
	}
	fmt.Fprintf(w, "| Variant | req/s, min | median | max | vs gRPC | bytes per call | of 100 calls, reach the server |\n|---|---:|---:|---:|---:|---:|---:|\n")
	base := SpreadOf(c.Rows[0].Samples).Median
	for _, r := range c.Rows {
		s := SpreadOf(r.Samples)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.0f | %.0f |\n", r.Variant, num(s.Min), num(s.Median), num(s.Max), ratio(s.Median, base), r.BytesPerCall, r.ReachPer100)
	}
}

// The caching section of RESULTS.md sits between these marks, so
// `bench -write-cache` can measure and replace it alone.
const (
	cacheBegin = "<!-- caching: written by bench -write-cache or -write -->"
	cacheEnd   = "<!-- end of caching -->"
)

// CacheMarkdown is RESULTS.md's caching section: one table per network.
func CacheMarkdown(w io.Writer, cs []*CacheResults, date string) {
	fmt.Fprintf(w, "%s\n## HTTP caching, REST's own win\n\n", cacheBegin)
	fmt.Fprintf(w, "Measured on %s on the machine above. GetProduct of one product, again and again: ", date)
	fmt.Fprintf(w, "what a product page everyone opens does. A 200 says `Cache-Control: public, max-age=10` and names its version in an `ETag` (step 06's Cache exercise); ")
	fmt.Fprintf(w, "gRPC has no standard cache (a call is a POST whose status comes in trailers), so its row is the same question without one.\n")
	for _, c := range cs {
		CacheTable(w, c)
	}
	fmt.Fprintf(w, "\n%s\n", cacheEnd)
}

// ReplaceCacheSection puts section in md in place of its caching section,
// or at the end if md has none.
func ReplaceCacheSection(md, section []byte) []byte {
	i := bytes.Index(md, []byte(cacheBegin))
	j := bytes.Index(md, []byte(cacheEnd))
	if i < 0 || j < i {
		return append(append(bytes.TrimRight(md, "\n"), "\n\n"...), section...)
	}
	out := append([]byte{}, md[:i]...)
	out = append(out, section...)
	return append(out, strings.TrimPrefix(string(md[j+len(cacheEnd):]), "\n")...)
}
