// Package step05 is step 05's ProductUpdates, solved, for the steps after it:
// Apply is the read-modify-write under the store's lock.
package step05

import (
	"errors"
	"io"

	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// Apply applies one update atomically and returns a copy of the product as
// it is after the change.
func Apply(store *catalog.Store, req *pb.ProductUpdateRequest) (*pb.Product, error) {
	id := req.GetProductId()
	if err := catalog.ValidateID(id); err != nil {
		return nil, err
	}
	switch u := req.GetUpdate().(type) { // what needs no lock, first
	case nil:
		return nil, &catalog.Error{Kind: catalog.ErrInvalid, Field: "update", Reason: "is required: set new_price, stock_adjustment or new_status"}
	case *pb.ProductUpdateRequest_NewPrice:
		if err := catalog.ValidatePrice(u.NewPrice); err != nil {
			return nil, err
		}
	case *pb.ProductUpdateRequest_NewStatus:
		if err := catalog.ValidateStatus(u.NewStatus); err != nil {
			return nil, err
		}
	}

	store.Lock()
	defer store.Unlock()
	p, err := store.Stored(id)
	if err != nil {
		return nil, err
	}
	switch u := req.GetUpdate().(type) {
	case *pb.ProductUpdateRequest_NewPrice:
		p.Price = u.NewPrice
	case *pb.ProductUpdateRequest_NewStatus:
		p.Status = u.NewStatus
	case *pb.ProductUpdateRequest_StockAdjustment:
		stock, err := catalog.AdjustStock(id, p.StockQuantity, u.StockAdjustment)
		if err != nil {
			return nil, err
		}
		p.StockQuantity = stock
	}
	return catalog.Clone(p), nil // copied under the lock: the guide sent p itself
}

// ProductUpdates answers one ProductUpdates stream: one response per
// request, in order; a refused update is reported, not fatal.
func ProductUpdates(store *catalog.Store, stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		resp := &pb.ProductUpdateResponse{ProductId: req.GetProductId()}
		if p, err := Apply(store, req); err != nil {
			resp.Result = &pb.ProductUpdateResponse_Error{Error: &pb.UpdateError{Code: int32(catalog.Code(err)), Message: err.Error()}}
		} else {
			resp.Result = &pb.ProductUpdateResponse_Product{Product: p}
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}
