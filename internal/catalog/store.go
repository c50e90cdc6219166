// Package catalog is the in-memory product store every step of the workshop
// serves. It owns the domain rules (validation, pagination, updates) so that
// each step's code is only the API it teaches.
//
// The store never hands out a pointer it keeps, and never keeps a pointer it
// was handed: every product goes in and out as a clone. A caller may change or
// send what it gets without a lock, and no data race can reach the store.
package catalog

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// Store is safe for concurrent use.
type Store struct {
	mu   sync.RWMutex
	byID map[string]*pb.Product
	ids  []string // sorted: the stable order pages are cut from
	now  func() time.Time
}

// New returns an empty store.
func New() *Store {
	return &Store{byID: make(map[string]*pb.Product), now: time.Now}
}

// Len returns how many products are stored.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.ids)
}

// Get returns a copy of one product. It does not judge the id: an id that
// could never exist is simply not found. Telling the caller "your request is
// malformed" (InvalidArgument) is the API's job, at its edge.
func (s *Store) Get(id string) (*pb.Product, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.byID[id]
	if !ok {
		return nil, &Error{Kind: ErrNotFound, Reason: fmt.Sprintf("product %q not found", id)}
	}
	return clone(p), nil
}

// Create stores one product and returns the stored copy.
func (s *Store) Create(p *pb.Product) (*pb.Product, error) {
	if _, err := s.CreateAll([]*pb.Product{p}); err != nil {
		return nil, err
	}
	return s.Get(p.GetId())
}

// CreateAll stores all products or none: if one is invalid or its id is taken
// (in the store or earlier in the same batch), nothing is stored and the error
// names the product's position. It returns the ids in input order.
func (s *Store) CreateAll(products []*pb.Product) ([]string, error) {
	ids := make([]string, len(products))
	seen := make(map[string]int, len(products))
	for i, p := range products {
		if err := Validate(p); err != nil {
			return nil, fmt.Errorf("product %d: %w", i, err)
		}
		if first, dup := seen[p.GetId()]; dup {
			return nil, fmt.Errorf("product %d: %w", i, &Error{Kind: ErrAlreadyExists,
				Reason: fmt.Sprintf("id %q is already used by product %d of this batch", p.GetId(), first)})
		}
		seen[p.GetId()] = i
		ids[i] = p.GetId()
	}

	// Clone before taking the lock: the slow part should not block readers.
	stored := make([]*pb.Product, len(products))
	created := timestamppb.New(s.now())
	for i, p := range products {
		stored[i] = clone(p)
		stored[i].CreatedAt = created
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	for i, id := range ids {
		if _, taken := s.byID[id]; taken {
			return nil, fmt.Errorf("product %d: %w", i, &Error{Kind: ErrAlreadyExists,
				Reason: fmt.Sprintf("product %q already exists", id)})
		}
	}
	for _, p := range stored {
		s.byID[p.Id] = p
	}
	s.ids = mergeSorted(s.ids, slices.Sorted(slices.Values(ids)))
	return ids, nil
}

// mergeSorted merges two sorted id lists in one pass. Sorting only the new
// ids and merging keeps a batch of k into n stored products at
// O(n + k log k); re-sorting everything made 100 small batches into a big
// store 100 full sorts (the benchmark caught it).
func mergeSorted(old, add []string) []string {
	out := make([]string, 0, len(old)+len(add))
	i, j := 0, 0
	for i < len(old) && j < len(add) {
		if old[i] < add[j] {
			out = append(out, old[i])
			i++
		} else {
			out = append(out, add[j])
			j++
		}
	}
	out = append(out, old[i:]...)
	return append(out, add[j:]...)
}

// clone is the only way a product crosses the store's boundary.
func clone(p *pb.Product) *pb.Product {
	return proto.CloneOf(p)
}
