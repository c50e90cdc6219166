package serverstream

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// ListProducts streams one page of products, one per message, and says on
// the page's last message where the next page starts.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	// The page size rules are the contract's (see ListProductsRequest).
	size := int(req.GetPageSize())
	switch {
	case size < 0:
		return status.Errorf(codes.InvalidArgument, "page_size must be >= 0, got %d", size)
	case size == 0:
		size = catalog.DefaultPageSize
	case size > catalog.MaxPageSize:
		size = catalog.MaxPageSize // lowered, not refused: the client still gets pages
	}

	// Where this page starts: after the last id of the page before.
	after := ""
	if token := req.GetPageToken(); token != "" {
		var err error
		after, err = catalog.DecodePageToken(token, req.GetCategory())
		if err != nil {
			return catalog.Status(err) // InvalidArgument: a token we did not make
		}
	}

	// Ask for one more than fits: if it comes, there is a next page, and
	// the token points after the last product we send. (Asking for exactly
	// size cannot tell a full last page from a page with more after it.)
	products := s.store.Scan(req.GetCategory(), after, size+1)
	next := ""
	if len(products) > size {
		products = products[:size]
		next = catalog.EncodePageToken(req.GetCategory(), products[size-1].GetId())
	}

	// Scan copied under its lock and let go: nothing is held while we send,
	// and Send blocks for as long as a slow client takes to read.
	ctx := stream.Context()
	for i, p := range products {
		if err := ctx.Err(); err != nil {
			return status.FromContextError(err).Err() // the client went: stop
		}
		resp := &pb.ListProductsResponse{Product: p}
		if i == len(products)-1 {
			resp.NextPageToken = next // only the page's last message carries it
		}
		if err := stream.Send(resp); err != nil {
			return err // the stream is gone
		}
	}
	return nil
}
