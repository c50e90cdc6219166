// Package step03 is step 03's ListProducts, solved, for the steps after it:
// cursor pages over catalog.Store.Scan, sent one product per message.
package step03

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// Query asks for one page of products.
type Query struct {
	Category  string // exact match; empty means every category
	PageSize  int    // 0 means catalog.DefaultPageSize; above catalog.MaxPageSize is lowered to it
	PageToken string // from an earlier Page with the same Category; empty starts at the beginning
}

// Page is one page of copies, in id order.
type Page struct {
	Products      []*pb.Product
	NextPageToken string // empty when there is nothing after this page
}

// List returns one page: the page rules of the contract, for gRPC and REST
// alike. Its errors are catalog errors (catalog.Status or HTTPStatus map them).
func List(store *catalog.Store, q Query) (Page, error) {
	size := q.PageSize
	switch {
	case size < 0:
		return Page{}, catalog.Invalid("page_size", "must be >= 0, got %d", size)
	case size == 0:
		size = catalog.DefaultPageSize
	case size > catalog.MaxPageSize:
		size = catalog.MaxPageSize
	}
	after := ""
	if q.PageToken != "" {
		var err error
		if after, err = catalog.DecodePageToken(q.PageToken, q.Category); err != nil {
			return Page{}, err
		}
	}
	// One more than the page holds: if it comes, there is a next page.
	products := store.Scan(q.Category, after, size+1)
	var page Page
	if len(products) > size {
		products = products[:size]
		page.NextPageToken = catalog.EncodePageToken(q.Category, products[size-1].GetId())
	}
	page.Products = products
	return page, nil
}

// ListProducts answers one ListProducts call from store.
func ListProducts(store *catalog.Store, req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	page, err := List(store, Query{Category: req.GetCategory(), PageSize: int(req.GetPageSize()), PageToken: req.GetPageToken()})
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
