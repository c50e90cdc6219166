package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
)

// walk follows next_page_token until the end and returns every id seen.
func walk(t *testing.T, s *Store, category string, size int) []string {
	t.Helper()
	var ids []string
	q := Query{Category: category, PageSize: size}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100_000, "pagination does not end")
		page, err := s.List(q)
		require.NoError(t, err)
		for _, p := range page.Products {
			ids = append(ids, p.Id)
			if category != "" {
				require.Equal(t, category, p.Category)
			}
		}
		if page.NextPageToken == "" {
			return ids
		}
		require.Len(t, page.Products, size, "only the last page may be short")
		q.PageToken = page.NextPageToken
	}
}

func TestListWalksEveryProductOnceInOrder(t *testing.T) {
	s := New()
	_, err := s.CreateAll(Generate("g", 1003))
	require.NoError(t, err)

	for _, size := range []int{1, 7, 100, 1003, 5000} {
		ids := walk(t, s, "", size)
		require.Len(t, ids, 1003, "page size %d", size)
		assert.IsIncreasing(t, ids)
	}
	books := walk(t, s, "books", 10)
	assert.Len(t, books, 251) // i%4 == 0 for i in 0..1002
	assert.Empty(t, walk(t, s, "no-such-category", 10))
}

func TestListPageSizes(t *testing.T) {
	s := New()
	_, err := s.CreateAll(Generate("g", MaxPageSize+5))
	require.NoError(t, err)

	page, err := s.List(Query{})
	require.NoError(t, err)
	assert.Len(t, page.Products, DefaultPageSize, "0 means the default")

	page, err = s.List(Query{PageSize: MaxPageSize + 1})
	require.NoError(t, err)
	assert.Len(t, page.Products, MaxPageSize, "too big is lowered to the maximum")

	_, err = s.List(Query{PageSize: -1})
	assert.Equal(t, codes.InvalidArgument, Code(err))
}

func TestListSeesProductsAddedBetweenPages(t *testing.T) {
	s := New()
	_, err := s.CreateAll(Generate("b", 4))
	require.NoError(t, err)
	page, err := s.List(Query{PageSize: 2})
	require.NoError(t, err)

	_, err = s.Create(valid("c-late")) // sorts after every b-...
	require.NoError(t, err)
	page, err = s.List(Query{PageSize: 10, PageToken: page.NextPageToken})
	require.NoError(t, err)
	require.Len(t, page.Products, 3)
	assert.Equal(t, "c-late", page.Products[2].Id)
}

func TestListRejectsBadPageTokens(t *testing.T) {
	s := Seeded()
	first, err := s.List(Query{Category: "books", PageSize: 2})
	require.NoError(t, err)
	require.NotEmpty(t, first.NextPageToken)

	cases := map[string]Query{
		"not base64":      {PageToken: "%%%"},
		"base64, no JSON": {PageToken: "aGVsbG8"},
		"bad id inside":   {PageToken: encodePageToken(pageToken{After: "a b"})},
		"other category":  {Category: "toys", PageToken: first.NextPageToken},
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := s.List(q)
			assert.Equal(t, codes.InvalidArgument, Code(err), "err: %v", err)
			assert.Contains(t, err.Error(), "page_token")
		})
	}
}

// FuzzPageToken: whatever a client sends as a token, List answers with a page
// or an InvalidArgument error, and never panics.
func FuzzPageToken(f *testing.F) {
	s := Seeded()
	page, _ := s.List(Query{PageSize: 3})
	f.Add(page.NextPageToken, "")
	f.Add("", "books")
	f.Add("eyJjIjoiIiwiYSI6IiJ9", "")
	f.Add("%%%", "x")
	f.Fuzz(func(t *testing.T, token, category string) {
		_, err := s.List(Query{Category: category, PageToken: token, PageSize: 5})
		if err != nil && Code(err) != codes.InvalidArgument {
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
