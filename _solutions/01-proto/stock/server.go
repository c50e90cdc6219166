package stock

import (
	"context"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Server answers StockService from a warehouse held in memory. Many calls
// run at once (gRPC serves each on its own goroutine), so mu guards items.
type Server struct {
	UnimplementedStockServiceServer

	mu    sync.Mutex
	items map[string]*item // by sku
}

// item is one product's count.
type item struct {
	available int32
	reserved  int32
}

// NewServer starts the warehouse with these counts (sku -> available).
func NewServer(stock map[string]int32) *Server {
	s := &Server{items: make(map[string]*item, len(stock))}
	for sku, n := range stock {
		s.items[sku] = &item{available: n}
	}
	return s
}

// GetStock says how many of one product are in stock.
func (s *Server) GetStock(_ context.Context, req *GetStockRequest) (*GetStockResponse, error) {
	if req.GetSku() == "" {
		return nil, status.Error(codes.InvalidArgument, "sku is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[req.GetSku()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "sku %q not found", req.GetSku())
	}
	return &GetStockResponse{Stock: it.stock(req.GetSku())}, nil
}

// ReserveStock sets quantity aside: available goes down, reserved up. The
// check and the change happen under one lock, so two orders can never both
// take the last one.
func (s *Server) ReserveStock(_ context.Context, req *ReserveStockRequest) (*ReserveStockResponse, error) {
	if req.GetSku() == "" {
		return nil, status.Error(codes.InvalidArgument, "sku is required")
	}
	if req.GetQuantity() <= 0 {
		return nil, status.Errorf(codes.InvalidArgument, "quantity must be more than 0, got %d", req.GetQuantity())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[req.GetSku()]
	if !ok {
		return nil, status.Errorf(codes.NotFound, "sku %q not found", req.GetSku())
	}
	if req.GetQuantity() > it.available {
		return nil, status.Errorf(codes.FailedPrecondition, "only %d of %q available, asked for %d", it.available, req.GetSku(), req.GetQuantity())
	}
	it.available -= req.GetQuantity()
	it.reserved += req.GetQuantity()
	return &ReserveStockResponse{Stock: it.stock(req.GetSku())}, nil
}

// stock is the message for one item; the caller holds s.mu.
func (it *item) stock(sku string) *Stock {
	return &Stock{Sku: sku, Available: it.available, Reserved: it.reserved}
}
