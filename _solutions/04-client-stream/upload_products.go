package clientstream

import (
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// UploadProducts receives a stream of products and stores all of them, or
// none if any is refused.
func (s *Service) UploadProducts(stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	var upload []*pb.Product
	for {
		p, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break // the client called CloseSend: the upload is complete
		}
		if err != nil {
			// Canceled, DeadlineExceeded, ResourceExhausted (a message over the
			// limit): already a status with the right code. The guide wrapped
			// every one in Internal, which hides what happened.
			return err
		}
		// Refuse a bad product as soon as it arrives: no point reading (and
		// buffering) the rest of an upload that will be rejected anyway.
		if err := catalog.Validate(p); err != nil {
			return catalog.Status(fmt.Errorf("product %d: %w", len(upload), err))
		}
		if len(upload) == s.maxUpload {
			return status.Errorf(codes.ResourceExhausted, "an upload holds at most %d products; split it", s.maxUpload)
		}
		upload = append(upload, p)
	}

	// One atomic write: CreateAll checks every rule and the ids within the
	// upload, then, under the store's lock, the ids against the store, and
	// stores all or none.
	ids, err := s.store.CreateAll(upload)
	if err != nil {
		return catalog.Status(err)
	}
	return stream.SendAndClose(&pb.UploadProductsResponse{
		ProductsCreated: int32(len(ids)),
		ProductIds:      ids,
	})
}
