package catalog

import pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"

// Page sizes, as the contract documents them on ListProductsRequest.
const (
	DefaultPageSize = 1000
	MaxPageSize     = 10000
)

// Scan returns copies of up to limit products of a category ("" for every
// category) whose ids sort after `after` ("" starts at the beginning), in id
// order: a consistent snapshot of one stretch of the catalogue. It holds the
// read lock only while it copies, so a caller can send the copies over the
// network with no lock held. Where a page starts and ends, and what its token
// says, is the caller's to decide.
func (s *Store) Scan(category, after string, limit int) []*pb.Product {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*pb.Product
	for _, id := range s.idsAfter(after) {
		if len(out) >= limit {
			break
		}
		if p := s.byID[id]; category == "" || p.Category == category {
			out = append(out, clone(p))
		}
	}
	return out
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
// of the guide's REST API. Cursor pages are better for large or changing
// data: an offset counts from the start every time, and a product added
// before it shifts every later page by one.
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
