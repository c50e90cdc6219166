package catalog

import (
	"fmt"
	"math"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// Update applies one ProductUpdateRequest atomically and returns a copy of the
// product as it is after the change. The copy is taken under the lock: the
// guide returned the shared pointer after unlocking, a data race.
func (s *Store) Update(req *pb.ProductUpdateRequest) (*pb.Product, error) {
	id := req.GetProductId()
	if err := ValidateID(id); err != nil {
		return nil, err
	}
	// Check what needs no lock first.
	switch u := req.GetUpdate().(type) {
	case nil:
		return nil, invalid("update", "is required: set new_price, stock_adjustment or new_status")
	case *pb.ProductUpdateRequest_NewPrice:
		if err := ValidatePrice(u.NewPrice); err != nil {
			return nil, err
		}
	case *pb.ProductUpdateRequest_NewStatus:
		if err := ValidateStatus(u.NewStatus); err != nil {
			return nil, err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.byID[id]
	if !ok {
		return nil, &Error{Kind: ErrNotFound, Reason: fmt.Sprintf("product %q not found", id)}
	}
	switch u := req.GetUpdate().(type) {
	case *pb.ProductUpdateRequest_NewPrice:
		p.Price = u.NewPrice
	case *pb.ProductUpdateRequest_NewStatus:
		p.Status = u.NewStatus
	case *pb.ProductUpdateRequest_StockAdjustment:
		stock := int64(p.StockQuantity) + int64(u.StockAdjustment)
		if stock < 0 {
			return nil, &Error{Kind: ErrPrecondition, Field: "stock_adjustment",
				Reason: fmt.Sprintf("%d would leave %q with %d in stock", u.StockAdjustment, id, stock)}
		}
		if stock > math.MaxInt32 {
			return nil, &Error{Kind: ErrPrecondition, Field: "stock_adjustment",
				Reason: fmt.Sprintf("%d would overflow the stock of %q", u.StockAdjustment, id)}
		}
		p.StockQuantity = int32(stock)
	}
	return clone(p), nil
}
