// Package bidi is step 05: ProductUpdates, a bidirectional stream that
// applies updates atomically, answers each with a copy, and reports refused
// updates without ending the stream.
package bidi

import (
	"context"
	"errors"
	"io"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// Service implements all of ProductService: the first three RPCs from the
// earlier steps (given, short) and ProductUpdates (the exercise).
type Service struct {
	pb.UnimplementedProductServiceServer
	store *catalog.Store
}

// NewServer serves Service with the interceptors, health and reflection of
// internal/stage.
func NewServer(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
	return stage.NewServer(&Service{store: store}, cfg, extra...)
}

// GetProduct is step 02's solution.
func (s *Service) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	if err := catalog.ValidateID(req.GetProductId()); err != nil {
		return nil, catalog.Status(err)
	}
	p, err := s.store.Get(req.GetProductId())
	return p, catalog.Status(err)
}

// ListProducts is step 03's solution, short.
func (s *Service) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	page, err := s.store.List(catalog.Query{Category: req.GetCategory(), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
	if err != nil {
		return catalog.Status(err)
	}
	for i, p := range page.Products {
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

const maxUpload = 200_000 // as in step 04

// UploadProducts is step 04's solution, short (CreateAll validates all).
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
		if len(upload) == maxUpload {
			return status.Errorf(codes.ResourceExhausted, "an upload holds at most %d products", maxUpload)
		}
		upload = append(upload, p)
	}
	ids, err := s.store.CreateAll(upload)
	if err != nil {
		return catalog.Status(err)
	}
	return stream.SendAndClose(&pb.UploadProductsResponse{ProductsCreated: int32(len(ids)), ProductIds: ids})
}
