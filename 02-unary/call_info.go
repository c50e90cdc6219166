package unary

import (
	"context"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// A stretch exercise: metadata and trailers, the client side.

// CallInfo is what came back beside the product: the request id in the
// header, the server's timing in the trailer.
type CallInfo struct {
	RequestID    string // x-request-id, as the server sent it back
	ServerTiming string // server-timing, e.g. "app;dur=0.042"
}

// GetWithInfo gets one product, sending requestID as x-request-id (none if
// ""), with at most timeout for the call, and returns what the header and
// trailer said. They are returned when the call fails too: the id is what
// you quote when you ask the server's owners what happened.
//
// TODO(02): write it. See 02-unary/README.md#stretch-metadata-and-trailers
func GetWithInfo(ctx context.Context, client pb.ProductServiceClient, id, requestID string, timeout time.Duration) (*pb.Product, CallInfo, error) {
	return nil, CallInfo{}, status.Error(codes.Unimplemented,
		"TODO(02): write GetWithInfo in 02-unary/call_info.go -- see 02-unary/README.md#stretch-metadata-and-trailers")
}
