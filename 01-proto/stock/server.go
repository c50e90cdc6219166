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
//
// TODO(01): count what is reserved too -- see 01-proto/README.md#stretch-change-the-contract
type item struct {
	available int32
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
	return &GetStockResponse{Stock: &Stock{Sku: req.GetSku(), Available: it.available}}, nil
}

// TODO(01): write ReserveStock here, once stock.proto has it and go generate
// ./01-proto/stock/ has added it to StockServiceServer; and send the new
// field from GetStock too -- see 01-proto/README.md#stretch-change-the-contract
