package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// ReadCharted reads back from a RESULTS.md what the charts draw: per link,
// its rounds and the min/median/max of every charted question. The charts
// are drawn from the report, not from the run, so a chart can be redrawn
// (`bench -charts`) without measuring again, and a test can hold the
// committed charts to the committed report.
func ReadCharted(md []byte) ([]*Results, error) {
	var (
		all    []*Results
		r      *Results
		m      *Metric
		env    Env
		rounds int
	)
	heading := regexp.MustCompile(`^### (.+) \(([^,]+), (higher|lower) is better\)$`)
	roundsRe := regexp.MustCompile(`(\d+) (?:alternating )?rounds`)
	sc := bufio.NewScanner(bytes.NewReader(md))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		switch {
		case strings.HasPrefix(line, "| Go | "):
			env.GoVersion = strings.TrimSuffix(strings.TrimPrefix(line, "| Go | "), " |")
		case strings.HasPrefix(line, "| CPUs / GOMAXPROCS | "):
			_, _ = fmt.Sscanf(strings.TrimPrefix(line, "| CPUs / GOMAXPROCS | "), "%d", &env.NumCPU)
		case strings.HasPrefix(line, "| Run | ") || strings.HasSuffix(line, "without a warm-up."):
			if g := roundsRe.FindStringSubmatch(line); g != nil {
				rounds, _ = strconv.Atoi(g[1])
				if r != nil {
					r.Rounds = rounds
				}
			}
		case strings.HasPrefix(line, "## All measurements, "):
			name := strings.TrimPrefix(line, "## All measurements, ")
			link, ok := linkNamed(name)
			if !ok {
				return nil, fmt.Errorf("RESULTS.md: no link is called %q", name)
			}
			r = &Results{Link: link, Env: env, Rounds: rounds}
			all = append(all, r)
			m = nil
		case strings.HasPrefix(line, "### "):
			m = nil
			g := heading.FindStringSubmatch(line)
			if r == nil || g == nil || !charted(g[1]) {
				continue
			}
			m = &Metric{Title: g[1], Unit: g[2], Higher: g[3] == "higher", Samples: map[string][]float64{}}
			r.Metrics = append(r.Metrics, m)
		case m != nil && strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| Variant |"):
			cells := strings.Split(strings.Trim(line, "| "), " | ")
			if len(cells) != 5 {
				return nil, fmt.Errorf("RESULTS.md: %q has %d cells, want 5 (variant, min, median, max, ratio)", line, len(cells))
			}
			var spread []float64
			for _, c := range cells[1:4] {
				v, err := strconv.ParseFloat(c, 64)
				if err != nil {
					return nil, fmt.Errorf("RESULTS.md: %q: %w", line, err)
				}
				spread = append(spread, v)
			}
			// min, median and max are three samples whose spread is the
			// same min, median and max.
			m.Variants = append(m.Variants, cells[0])
			m.Samples[cells[0]] = spread
			if m.Ratios == nil {
				m.Ratios = map[string]string{}
			}
			m.Ratios[cells[0]] = cells[4]
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("RESULTS.md: no \"## All measurements\" section")
	}
	return all, nil
}

func linkNamed(name string) (Link, bool) {
	for _, l := range Links {
		if l.Name == name {
			return l, true
		}
	}
	return Link{}, false
}

func charted(title string) bool {
	for _, c := range Charted {
		if c.Title == title {
			return true
		}
	}
	return false
}

// Charts draws every charted question of every link in md (a RESULTS.md)
// and returns the SVGs by file name (in dir).
func Charts(dir string, md []byte) (map[string][]byte, error) {
	all, err := ReadCharted(md)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, r := range all {
		for _, c := range Charted {
			m := r.Metric(c.Title)
			if m == nil || len(m.Variants) == 0 {
				return nil, fmt.Errorf("RESULTS.md: %s has no table %q", r.Link.Name, c.Title)
			}
			var svg bytes.Buffer
			Chart(&svg, r, m)
			files[ChartFile(dir, r.Link, c.Slug)] = svg.Bytes()
		}
	}
	return files, nil
}
