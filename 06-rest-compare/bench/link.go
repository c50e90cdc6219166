package bench

import (
	"fmt"
	"strings"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Link is the network between the benchmark's clients and its servers.
// Loopback is none at all; the others put toxiproxy (Shopify's TCP proxy
// for simulating networks, as a library, in this process) in front of every
// server, adding latency to each chunk of data and limiting the rate.
type Link struct {
	Name string        // as the report says it
	Key  string        // for file names: results-<key>.svg
	RTT  time.Duration // round trip added: half each way, in whole milliseconds
	KBps int64         // bandwidth each way in KB/s (1,000 bytes); 0 is unlimited
}

// Links are the three networks of the report.
var Links = []Link{
	{Name: "loopback", Key: "loopback"},
	{Name: "LAN: 1 ms round trip", Key: "lan", RTT: time.Millisecond},
	{Name: "WAN/mobile: 60 ms round trip, 10 Mbit/s", Key: "wan", RTT: 60 * time.Millisecond, KBps: 1250},
}

// Shaped says whether the link goes through toxiproxy.
func (l Link) Shaped() bool { return l.RTT > 0 || l.KBps > 0 }

// shaper owns the toxiproxy proxies of one run.
type shaper struct {
	link    Link
	api     *toxiproxy.ApiServer
	proxies []*toxiproxy.Proxy
}

func newShaper(l Link) *shaper {
	// toxiproxy logs through zerolog, its global logger included (the
	// bandwidth toxic uses it): silence both, the report is the output.
	zerolog.SetGlobalLevel(zerolog.Disabled)
	return &shaper{link: l, api: toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())}
}

// front returns the address clients use for the server at upstream: upstream
// itself on loopback, else a toxiproxy proxy in front of it.
func (s *shaper) front(upstream string) (string, error) {
	if !s.link.Shaped() {
		return upstream, nil
	}
	p := toxiproxy.NewProxy(s.api, fmt.Sprintf("server-%d", len(s.proxies)), "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		return "", err
	}
	s.proxies = append(s.proxies, p)
	up := s.link.RTT.Milliseconds() / 2 // client to server; LAN's 1 ms all goes the other way
	down := s.link.RTT.Milliseconds() - up
	var toxics []string
	for _, t := range []struct {
		stream string
		ms     int64
	}{{"upstream", up}, {"downstream", down}} {
		if t.ms > 0 {
			toxics = append(toxics, fmt.Sprintf(`{"type":"latency","stream":%q,"attributes":{"latency":%d}}`, t.stream, t.ms))
		}
		if s.link.KBps > 0 {
			toxics = append(toxics, fmt.Sprintf(`{"type":"bandwidth","stream":%q,"attributes":{"rate":%d}}`, t.stream, s.link.KBps))
		}
	}
	for _, t := range toxics {
		if _, err := p.Toxics.AddToxicJson(strings.NewReader(t)); err != nil {
			return "", fmt.Errorf("toxiproxy %s: %w", t, err)
		}
	}
	return p.Listen, nil
}

func (s *shaper) stop() {
	for _, p := range s.proxies {
		p.Stop()
	}
}
