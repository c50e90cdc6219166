package bidi

import (
	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// applyUpdate applies one update to the stored product, atomically, and
// returns a copy of the product as it is after the change. A refused update
// changes nothing and returns a catalog error (catalog.Code gives its code).
func (s *Service) applyUpdate(req *pb.ProductUpdateRequest) (*pb.Product, error) {
	id := req.GetProductId()
	if err := catalog.ValidateID(id); err != nil {
		return nil, err
	}
	// Judge what needs no lock before taking it: the lock is for the
	// read-modify-write only, and every other stream waits while we hold it.
	switch u := req.GetUpdate().(type) {
	case nil:
		return nil, catalog.Invalid("update", "is required: set new_price, stock_adjustment or new_status")
	case *pb.ProductUpdateRequest_NewPrice:
		if err := catalog.ValidatePrice(u.NewPrice); err != nil {
			return nil, err
		}
	case *pb.ProductUpdateRequest_NewStatus:
		if err := catalog.ValidateStatus(u.NewStatus); err != nil {
			return nil, err
		}
	}

	// Read, modify, write, copy: all under one lock. Two streams adjusting
	// the same stock would otherwise both read 10 and both write 11.
	s.store.Lock()
	defer s.store.Unlock()
	p, err := s.store.Stored(id)
	if err != nil {
		return nil, err // NotFound: reported, never skipped
	}
	switch u := req.GetUpdate().(type) {
	case *pb.ProductUpdateRequest_NewPrice:
		p.Price = u.NewPrice
	case *pb.ProductUpdateRequest_NewStatus:
		p.Status = u.NewStatus
	case *pb.ProductUpdateRequest_StockAdjustment:
		stock, err := catalog.AdjustStock(id, p.GetStockQuantity(), u.StockAdjustment)
		if err != nil {
			return nil, err // checked before anything changed
		}
		p.StockQuantity = stock
	}
	// The copy is taken under the lock. The guide returned p itself: Send
	// then marshalled it after the unlock, while another stream wrote it.
	return catalog.Clone(p), nil
}
