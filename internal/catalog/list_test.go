package catalog

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
)

func ids(t *testing.T, s *Store, category, after string, limit int) []string {
	t.Helper()
	var out []string
	for _, p := range s.Scan(category, after, limit) {
		out = append(out, p.Id)
		if category != "" {
			require.Equal(t, category, p.Category)
		}
	}
	return out
}

func TestScan(t *testing.T) {
	s := New()
	_, err := s.CreateAll(Generate("g", 1003))
	require.NoError(t, err)

	all := ids(t, s, "", "", 5000)
	require.Len(t, all, 1003)
	assert.IsIncreasing(t, all)
	assert.Equal(t, all[:7], ids(t, s, "", "", 7))
	assert.Equal(t, all[11:18], ids(t, s, "", all[10], 7), "after an id: from the next one")
	assert.Equal(t, all[11:18], ids(t, s, "", all[10]+"~", 7), "after an id that is not there: from the next one that is")
	assert.Empty(t, ids(t, s, "", all[1002], 7))
	assert.Empty(t, ids(t, s, "", "", 0))
	assert.Len(t, ids(t, s, "books", "", 5000), 251) // i%4 == 0 for i in 0..1002
	assert.Empty(t, ids(t, s, "no-such-category", "", 10))
}

func TestScanGivesCopies(t *testing.T) {
	s := Seeded()
	s.Scan("", "", 1)[0].Name = "changed through a scan"
	p, err := s.Get("prod-001")
	require.NoError(t, err)
	assert.NotEqual(t, "changed through a scan", p.Name)
}

func TestPageTokens(t *testing.T) {
	after, err := DecodePageToken(EncodePageToken("books", "prod-002"), "books")
	require.NoError(t, err)
	assert.Equal(t, "prod-002", after)

	good := EncodePageToken("", "prod-002")
	body, mac, _ := strings.Cut(good, ".")
	forged, _ := json.Marshal(pageToken{After: "prod-030"})
	cases := map[string]struct{ token, category string }{
		"not base64":                {"%%%", ""},
		"base64, no JSON":           {"aGVsbG8", ""},
		"no MAC":                    {body, ""},
		"an edited id, the old MAC": {base64.RawURLEncoding.EncodeToString(forged) + "." + mac, ""},
		"a MAC cut short":           {body + "." + mac[:10], ""},
		"another key's token":       {base64.RawURLEncoding.EncodeToString(forged) + "." + base64.RawURLEncoding.EncodeToString(make([]byte, 16)), ""},
		"bad id inside":             {EncodePageToken("", "a b"), ""},
		"empty id inside":           {EncodePageToken("", ""), ""},
		"other category":            {EncodePageToken("books", "prod-002"), "toys"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := DecodePageToken(tc.token, tc.category)
			assert.Equal(t, codes.InvalidArgument, Code(err), "err: %v", err)
			assert.Contains(t, err.Error(), "page_token")
		})
	}
}

// FuzzPageToken: whatever a client sends as a token, DecodePageToken answers
// with an id or an InvalidArgument error, and never panics.
func FuzzPageToken(f *testing.F) {
	f.Add(EncodePageToken("", "prod-003"), "")
	f.Add("", "books")
	f.Add("eyJjIjoiIiwiYSI6IiJ9", "")
	f.Add("%%%", "x")
	f.Fuzz(func(t *testing.T, token, category string) {
		if _, err := DecodePageToken(token, category); err != nil && Code(err) != codes.InvalidArgument {
			t.Fatalf("token %q: want InvalidArgument, got %v", token, err)
		}
	})
}

func TestSlice(t *testing.T) {
	s := Seeded()
	page, total := s.Slice("", 10, 5)
	assert.Equal(t, 36, total)
	require.Len(t, page, 5)
	assert.Equal(t, "prod-011", page[0].Id)

	page, total = s.Slice("books", 4, 10)
	assert.Equal(t, 6, total)
	assert.Len(t, page, 2, "the last page is short")

	page, total = s.Slice("books", 100, 10)
	assert.Equal(t, 6, total)
	assert.Empty(t, page, "past the end is empty, not an error")
}
