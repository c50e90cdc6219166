package deck

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Agendas are the subsets of the deck a speaker can serve: FACILITATING.md
// has their tables. "full" is every slide. "half-day" is its 4-hour plan:
// steps 01, 02, 03 and 05 by hand, 04, 06 and 07 as demos, so it drops
// every stretch slide and the exercise and solution slides of the demoed
// steps, and keeps their ideas, pictures and measurements.
var Agendas = []string{"full", "half-day"}

// demoed are the steps the half-day shows rather than does.
var demoed = []string{"04", "06", "07"}

var exerciseOrSolution = regexp.MustCompile(`^(\d\d) · (Exercise|Solution)`)

// ForAgenda returns the slides of agenda, in order.
func ForAgenda(slides []Slide, agenda string) ([]Slide, error) {
	switch agenda {
	case "", "full":
		return slides, nil
	case "half-day":
	default:
		return nil, fmt.Errorf("no agenda %q; the agendas are %s", agenda, strings.Join(Agendas, ", "))
	}
	var kept []Slide
	for _, s := range slides {
		title := Title(s)
		if strings.Contains(title, "Stretch") {
			continue
		}
		if m := exerciseOrSolution.FindStringSubmatch(title); m != nil && slices.Contains(demoed, m[1]) {
			continue
		}
		kept = append(kept, s)
	}
	return kept, nil
}

// Title is the text of a slide's first heading.
func Title(s Slide) string {
	h := string(s.HTML)
	i := strings.Index(h, "<h")
	if i < 0 {
		return ""
	}
	start := strings.Index(h[i:], ">")
	end := strings.Index(h[i:], "</h")
	if start < 0 || end < start {
		return ""
	}
	return strings.TrimSpace(h[i+start+1 : i+end])
}
