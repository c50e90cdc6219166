// Package step04 is step 04's UploadProducts, solved, for the steps after it.
package step04

import (
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The bounds of one UploadProducts call (step 04 explains why): all or
// nothing means the server holds the whole upload until its end, so both its
// count and its bytes are bounded.
const (
	MaxUpload      = 200_000
	MaxUploadBytes = 64 << 20
)

// UploadProducts answers one UploadProducts call: all or nothing.
func UploadProducts(store *catalog.Store, stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
	return UploadWithin(store, stream, MaxUpload, MaxUploadBytes)
}

// UploadWithin is UploadProducts with its bounds given.
func UploadWithin(store *catalog.Store, stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse], maxCount, maxBytes int) error {
	var upload []*pb.Product
	size := 0
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
		if len(upload) == maxCount {
			return status.Errorf(codes.ResourceExhausted, "an upload holds at most %d products; split it", maxCount)
		}
		if size += proto.Size(p); size > maxBytes {
			return status.Errorf(codes.ResourceExhausted, "an upload holds at most %d bytes; split it", maxBytes)
		}
		upload = append(upload, p)
	}
	ids, err := store.CreateAll(upload)
	if err != nil {
		return catalog.Status(err)
	}
	return stream.SendAndClose(&pb.UploadProductsResponse{ProductsCreated: int32(len(ids)), ProductIds: ids})
}
