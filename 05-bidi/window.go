package bidi

import (
	"context"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// A stretch exercise: flow control you choose, on top of HTTP/2's.

// UpdateWindowed is UpdateAll with at most window updates sent and not yet
// answered at any moment: the client waits for answers before it sends
// more, so a slow server is never handed more than window updates to queue.
//
// TODO(05): write it. See 05-bidi/README.md#stretch-a-window-of-updates
func UpdateWindowed(ctx context.Context, client pb.ProductServiceClient, updates []*pb.ProductUpdateRequest, window int) ([]*pb.ProductUpdateResponse, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(05): write UpdateWindowed in 05-bidi/window.go -- see 05-bidi/README.md#stretch-a-window-of-updates")
}
