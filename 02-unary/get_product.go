package unary

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// GetProduct returns one product by id.
//
// TODO(02): write it. See 02-unary/README.md#write-getproduct
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(02): write GetProduct in 02-unary/get_product.go -- see 02-unary/README.md#write-getproduct")
}
