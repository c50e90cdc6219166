//go:build guidebug

// The guide's ProductUpdates, kept as a lesson. It is built only with the
// guidebug tag, because under -race it fails, and that is the point:
//
//	go test -race -tags guidebug -run TestGuideVersionRaces ./05-bidi/
//
// prints "WARNING: DATA RACE": one goroutine writes a product's stock under
// the lock while another's Send reads the same product to marshal it.
// (workshop verify runs this and checks that the race detector says so.)
package bidi

import (
	"errors"
	"io"
	"sync"
	"testing"

	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

type guideServer struct {
	pb.UnimplementedProductServiceServer
	mu       sync.Mutex
	products map[string]*pb.Product
}

// ProductUpdates as the guide wrote it (with its silent skip of unknown ids).
func (s *guideServer) ProductUpdates(stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		s.mu.Lock()
		product, exists := s.products[req.GetProductId()]
		if !exists {
			s.mu.Unlock()
			continue // BUG: the client never learns this update was dropped
		}
		switch u := req.GetUpdate().(type) {
		case *pb.ProductUpdateRequest_StockAdjustment:
			product.StockQuantity += u.StockAdjustment
		case *pb.ProductUpdateRequest_NewPrice:
			product.Price = u.NewPrice
		}
		s.mu.Unlock()
		// BUG: product is the map's own pointer. Send marshals it after the
		// unlock, while another stream's update may be writing it.
		if err := stream.Send(&pb.ProductUpdateResponse{Result: &pb.ProductUpdateResponse_Product{Product: product}}); err != nil {
			return err
		}
	}
}

func TestGuideVersionRaces(t *testing.T) {
	guide := &guideServer{products: map[string]*pb.Product{}}
	for _, p := range catalog.Samples() {
		guide.products[p.GetId()] = p
	}
	client := startServer(t, guide)

	var wg sync.WaitGroup
	for range 8 {
		updates := make([]*pb.ProductUpdateRequest, 200)
		for i := range updates {
			updates[i] = stock("prod-007", 1)
		}
		wg.Go(func() { _, _ = exchange(authCtx(t), client, updates) })
	}
	wg.Wait()
}
