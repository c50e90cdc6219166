package bidi

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// ProductUpdates applies each update it receives (with applyUpdate) and
// answers each, in order.
//
// TODO(05): write it. See 05-bidi/README.md#write-productupdates
func (s *Service) ProductUpdates(stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	return status.Error(codes.Unimplemented,
		"TODO(05): write ProductUpdates in 05-bidi/product_updates.go -- see 05-bidi/README.md#write-productupdates")
}
