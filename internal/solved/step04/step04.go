// Package step04 is step 04's UploadProducts, solved, for the steps after it.
package step04

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

// MaxUpload bounds one UploadProducts call (step 04 explains why).
const MaxUpload = 200_000

// UploadProducts answers one UploadProducts call: all or nothing.
func UploadProducts(store *catalog.Store, stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	var upload []*pb.Product
	for {
		p, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := catalog.Validate(p); err != nil {
			return catalog.Status(fmt.Errorf("product %d: %w", len(upload), err))
		}
		if len(upload) == MaxUpload {
			return status.Errorf(codes.ResourceExhausted, "an upload holds at most %d products; split it", MaxUpload)
		}
		upload = append(upload, p)
	}
	ids, err := store.CreateAll(upload)
	if err != nil {
		return catalog.Status(err)
	}
	return stream.SendAndClose(&pb.UploadProductsResponse{ProductsCreated: int32(len(ids)), ProductIds: ids})
}
