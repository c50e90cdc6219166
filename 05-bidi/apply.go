package bidi

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// applyUpdate applies one update to the stored product, atomically, and
// returns a copy of the product as it is after the change. A refused update
// changes nothing and returns a catalog error (catalog.Code gives its code).
//
// This is the read-modify-write the guide got wrong: it is yours.
//
// TODO(05): write it. See 05-bidi/README.md#write-applyupdate
func (s *Service) applyUpdate(req *pb.ProductUpdateRequest) (*pb.Product, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(05): write applyUpdate in 05-bidi/apply.go -- see 05-bidi/README.md#write-applyupdate")
}
