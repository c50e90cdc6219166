package step03

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc/codes"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// walk follows next_page_token until the end and returns every id seen.
func walk(t *testing.T, s *catalog.Store, category string, size int) []string {
	t.Helper()
	var ids []string
	q := Query{Category: category, PageSize: size}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100_000, "pagination does not end")
		page, err := List(s, q)
		require.NoError(t, err)
		for _, p := range page.Products {
			ids = append(ids, p.Id)
		}
		if page.NextPageToken == "" {
			return ids
		}
		require.Len(t, page.Products, size, "only the last page may be short")
		q.PageToken = page.NextPageToken
	}
}

func TestListWalksEveryProductOnceInOrder(t *testing.T) {
	s := catalog.New()
	_, err := s.CreateAll(catalog.Generate("g", 1003))
	require.NoError(t, err)

	for _, size := range []int{1, 7, 17, 59, 100, 1003, 5000} { // 17 and 59 divide 1003
		ids := walk(t, s, "", size)
		require.Len(t, ids, 1003, "page size %d", size)
		assert.IsIncreasing(t, ids)
	}
	assert.Len(t, walk(t, s, "books", 10), 251)
	assert.Empty(t, walk(t, s, "no-such-category", 10))
}

func TestListPageSizes(t *testing.T) {
	s := catalog.New()
	_, err := s.CreateAll(catalog.Generate("g", catalog.MaxPageSize+5))
	require.NoError(t, err)

	page, err := List(s, Query{})
	require.NoError(t, err)
	assert.Len(t, page.Products, catalog.DefaultPageSize, "0 means the default")

	page, err = List(s, Query{PageSize: catalog.MaxPageSize + 1})
	require.NoError(t, err)
	assert.Len(t, page.Products, catalog.MaxPageSize, "too big is lowered to the maximum")

	_, err = List(s, Query{PageSize: -1})
	assert.Equal(t, codes.InvalidArgument, catalog.Code(err))
}

func TestListSeesProductsAddedBetweenPages(t *testing.T) {
	s := catalog.New()
	_, err := s.CreateAll(catalog.Generate("b", 4))
	require.NoError(t, err)
	page, err := List(s, Query{PageSize: 2})
	require.NoError(t, err)

	_, err = s.Create(&pb.Product{Id: "c-late", Name: "Late", Price: 1, Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE})
	require.NoError(t, err)
	page, err = List(s, Query{PageSize: 10, PageToken: page.NextPageToken})
	require.NoError(t, err)
	require.Len(t, page.Products, 3)
	assert.Equal(t, "c-late", page.Products[2].Id)
}
