// Package reference is the whole ProductService, solved: what steps 02 to 05
// build one RPC at a time. Later steps delegate the RPCs they do not teach
// to it, and the benchmark serves it. (Reading it before you finish the
// exercises spoils them, as _solutions/ would.)
package reference

import (
	"context"
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

// Service implements every RPC of ProductService over a catalog.Store.
type Service struct {
	pb.UnimplementedProductServiceServer
	Store *catalog.Store
}

// GetProduct: step 02.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	if err := ctx.Err(); err != nil {
		return nil, status.FromContextError(err).Err()
	}
	if err := catalog.ValidateID(req.GetProductId()); err != nil {
		return nil, catalog.Status(err)
	}
	p, err := s.Store.Get(req.GetProductId())
	if err != nil {
		return nil, catalog.Status(err)
	}
	return p, nil
}

// ListProducts: step 03.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	page, err := s.Store.List(catalog.Query{Category: req.GetCategory(), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return catalog.Status(err)
	}
	ctx := stream.Context()
	for i, p := range page.Products {
		if err := ctx.Err(); err != nil {
			return status.FromContextError(err).Err()
		}
		resp := &pb.ListProductsResponse{Product: p}
		if i == len(page.Products)-1 {
			resp.NextPageToken = page.NextPageToken
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
	return nil
}

// UploadProducts: step 04.
func (s *Service) UploadProducts(stream grpc.ClientStreamingServer[pb.Product, pb.UploadProductsResponse]) error {
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
	ids, err := s.Store.CreateAll(upload)
	if err != nil {
		return catalog.Status(err)
	}
	return stream.SendAndClose(&pb.UploadProductsResponse{ProductsCreated: int32(len(ids)), ProductIds: ids})
}

// ProductUpdates: step 05.
func (s *Service) ProductUpdates(stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		resp := &pb.ProductUpdateResponse{ProductId: req.GetProductId()}
		if p, err := s.Store.Update(req); err != nil {
			resp.Result = &pb.ProductUpdateResponse_Error{Error: &pb.UpdateError{Code: int32(catalog.Code(err)), Message: err.Error()}}
		} else {
			resp.Result = &pb.ProductUpdateResponse_Product{Product: p}
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}
