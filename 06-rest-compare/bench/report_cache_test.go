package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCacheSectionIsReplacedAlone(t *testing.T) {
	c := &CacheResults{Link: Links[0], Rounds: 2, Window: time.Second, Rows: []CacheRow{
		{Variant: "gRPC (no HTTP cache can keep it)", Samples: []float64{100, 120}, BytesPerCall: 300, ReachPer100: 100},
		{Variant: "REST through nginx's cache", Samples: []float64{400, 480}, BytesPerCall: 750, ReachPer100: 0},
	}}
	var section bytes.Buffer
	CacheMarkdown(&section, []*CacheResults{c}, "2026-12-03")
	assert.Contains(t, section.String(), "| REST through nginx's cache | 400 | 440 | 480 | 4.00x | 750 | 0 |")

	report := []byte("# report\n\n## All measurements\n\nthe tables\n")
	once := ReplaceCacheSection(report, section.Bytes())
	require.True(t, bytes.HasPrefix(once, report[:len(report)-1]), "the report before the section is kept")
	assert.Equal(t, 1, strings.Count(string(once), cacheBegin))

	// A second run replaces the section, and keeps what follows it.
	tail := append(once, "\n## After\n"...)
	section.Reset()
	c.Rows[1].Samples = []float64{900, 900}
	CacheMarkdown(&section, []*CacheResults{c}, "2026-12-04")
	twice := string(ReplaceCacheSection(tail, section.Bytes()))
	assert.Equal(t, 1, strings.Count(twice, cacheBegin), "one section, not two")
	assert.Contains(t, twice, "| 900 | 900 | 900 |")
	assert.NotContains(t, twice, "| 440 |", "the old numbers are gone")
	assert.Contains(t, twice, "the tables\n")
	assert.True(t, strings.HasSuffix(twice, "\n## After\n"), "what followed the section is kept: %q", twice[len(twice)-40:])
}

func TestCacheSectionIsNotReadAsACharted(t *testing.T) {
	// The charts read RESULTS.md's metric tables: the caching tables must
	// not change what they read.
	md, err := os.ReadFile(filepath.Join("..", "RESULTS.md"))
	require.NoError(t, err)
	var section bytes.Buffer
	CacheMarkdown(&section, []*CacheResults{{Link: Links[0], Rounds: 1, Window: time.Second, Rows: []CacheRow{{Variant: "gRPC (no HTTP cache can keep it)", Samples: []float64{1}}}}}, "2026-12-03")
	without, err := ReadCharted(md)
	require.NoError(t, err)
	with, err := ReadCharted(ReplaceCacheSection(md, section.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, without, with)
}
