package catalog

import (
	"fmt"
	"math"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// Step 05 teaches the read-modify-write: take the lock, change the stored
// product, copy it, let go. These three methods are the raw access it needs.
// Everything else in the store goes in and out as copies.

// Lock takes the store's write lock. Hold it for as short a time as you can:
// every reader and writer waits meanwhile.
func (s *Store) Lock() { s.mu.Lock() }

// Unlock lets go of the write lock.
func (s *Store) Unlock() { s.mu.Unlock() }

// Stored returns the store's own product, not a copy: change it only while
// holding Lock, and never let the pointer out of the lock (send or return
// a Clone). It judges nothing: an id that could never exist is not found.
func (s *Store) Stored(id string) (*pb.Product, error) {
	p, ok := s.byID[id]
	if !ok {
		return nil, &Error{Kind: ErrNotFound, Reason: fmt.Sprintf("product %q not found", id)}
	}
	return p, nil
}

// Clone copies a product deeply: the copy shares nothing with p.
func Clone(p *pb.Product) *pb.Product { return clone(p) }

// AdjustStock is stock + delta, or ErrPrecondition when the result would be
// negative or overflow an int32. It changes nothing.
func AdjustStock(id string, stock, delta int32) (int32, error) {
	n := int64(stock) + int64(delta)
	if n < 0 {
		return 0, &Error{Kind: ErrPrecondition, Field: "stock_adjustment",
			Reason: fmt.Sprintf("%d would leave %q with %d in stock", delta, id, n)}
	}
	if n > math.MaxInt32 {
		return 0, &Error{Kind: ErrPrecondition, Field: "stock_adjustment",
			Reason: fmt.Sprintf("%d would overflow the stock of %q", delta, id)}
	}
	return int32(n), nil
}
