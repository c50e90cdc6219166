package catalog

import pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"

// Page sizes, as the contract documents them on ListProductsRequest.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 10000
)

// Query asks for one page of products.
type Query struct {
	Category  string // exact match; empty means every category
	PageSize  int    // 0 means DefaultPageSize; above MaxPageSize is lowered to it
	PageToken string // from an earlier Page with the same Category; empty starts at the beginning
}

// Page is one page of copies, in id order.
type Page struct {
	Products      []*pb.Product
	NextPageToken string // empty when there is nothing after this page
}

// List returns one page. It holds the read lock only while it copies the page
// out: callers send the copies over the network with no lock held, so a slow
// client never blocks a writer.
func (s *Store) List(q Query) (Page, error) {
	size, err := pageSize(q.PageSize)
	if err != nil {
		return Page{}, err
	}
	start := ""
	if q.PageToken != "" {
		t, err := decodePageToken(q.PageToken, q.Category)
		if err != nil {
			return Page{}, err
		}
		start = t.After
	}

	s.mu.RLock()
	defer s.mu.RUnlock()
	var page Page
	for _, id := range s.idsAfter(start) {
		p := s.byID[id]
		if q.Category != "" && p.Category != q.Category {
			continue
		}
		if len(page.Products) == size {
			// One more match exists, so there is a next page.
			last := page.Products[len(page.Products)-1].Id
			page.NextPageToken = encodePageToken(pageToken{Category: q.Category, After: last})
			break
		}
		page.Products = append(page.Products, clone(p))
	}
	return page, nil
}

func pageSize(n int) (int, error) {
	switch {
	case n < 0:
		return 0, invalid("page_size", "must be >= 0, got %d", n)
	case n == 0:
		return DefaultPageSize, nil
	case n > MaxPageSize:
		return MaxPageSize, nil
	}
	return n, nil
}

// idsAfter returns the sorted ids greater than after (all of them for "").
// The caller holds the lock.
func (s *Store) idsAfter(after string) []string {
	if after == "" {
		return s.ids
	}
	lo, hi := 0, len(s.ids)
	for lo < hi { // first index with ids[i] > after
		mid := (lo + hi) / 2
		if s.ids[mid] <= after {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return s.ids[lo:]
}

// Slice returns up to limit products of a category (all for "") starting at
// offset, in id order, and how many there are in all: the page-number style
// of the guide's REST API. Cursor pages (List) are better for large or
// changing data: an offset counts from the start every time, and a product
// added before it shifts every later page by one.
func (s *Store) Slice(category string, offset, limit int) (products []*pb.Product, total int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, id := range s.ids {
		p := s.byID[id]
		if category != "" && p.Category != category {
			continue
		}
		if total >= offset && len(products) < limit {
			products = append(products, clone(p))
		}
		total++
	}
	return products, total
}
