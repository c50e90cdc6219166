package serverstream

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// ListProducts streams one page of products, one per message.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	// List validates page_size and page_token (InvalidArgument) and returns
	// copies: the store's lock is already released when we start sending.
	page, err := s.store.List(catalog.Query{
		Category:  req.GetCategory(),
		PageSize:  int(req.GetPageSize()),
		PageToken: req.GetPageToken(),
	})
	if err != nil {
		return catalog.Status(err)
	}

	ctx := stream.Context()
	for i, p := range page.Products {
		// The client may cancel, or its deadline pass, mid-stream: stop
		// working for it. (Send would fail soon too, but only once buffers fill.)
		if err := ctx.Err(); err != nil {
			return status.FromContextError(err).Err()
		}
		resp := &pb.ListProductsResponse{Product: p}
		if i == len(page.Products)-1 {
			resp.NextPageToken = page.NextPageToken // only the last message carries it
		}
		// Send blocks while the client is not reading (HTTP/2 flow control):
		// that is back-pressure, and why no lock may be held here.
		if err := stream.Send(resp); err != nil {
			return err // already a status: the stream is gone
		}
	}
	return nil
}
