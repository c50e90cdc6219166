package bidi

import (
	"errors"
	"io"

	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// ProductUpdates applies each update it receives (with applyUpdate) and
// answers each, in order.
func (s *Service) ProductUpdates(stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			// The client half-closed: every update it sent has been answered
			// (we answer each before reading the next). End with OK.
			return nil
		}
		if err != nil {
			return err // Canceled, DeadlineExceeded...: the client is gone
		}
		resp := &pb.ProductUpdateResponse{ProductId: req.GetProductId()}
		product, err := s.applyUpdate(req)
		if err != nil {
			// Refused: say so on the stream and go on. Ending the stream
			// with an error would drop every update after this one.
			resp.Result = &pb.ProductUpdateResponse_Error{Error: &pb.UpdateError{
				Code:    int32(catalog.Code(err)),
				Message: err.Error(),
			}}
		} else {
			resp.Result = &pb.ProductUpdateResponse_Product{Product: product}
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}
