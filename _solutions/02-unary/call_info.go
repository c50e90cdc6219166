package unary

import (
	"context"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

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
func GetWithInfo(ctx context.Context, client pb.ProductServiceClient, id, requestID string, timeout time.Duration) (*pb.Product, CallInfo, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if requestID != "" {
		// Append, not NewOutgoingContext: the caller's metadata (the token)
		// must travel too.
		ctx = metadata.AppendToOutgoingContext(ctx, RequestIDHeader, requestID)
	}
	// grpc.Header and grpc.Trailer fill these in when the call returns,
	// whether it failed or not.
	var header, trailer metadata.MD
	p, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: id}, grpc.Header(&header), grpc.Trailer(&trailer))
	return p, CallInfo{RequestID: first(header, RequestIDHeader), ServerTiming: first(trailer, ServerTimingHeader)}, err
}

// first is md's first value for key, or "". (Keys are lower case; Get
// lower-cases its argument too.)
func first(md metadata.MD, key string) string {
	if v := md.Get(key); len(v) > 0 {
		return v[0]
	}
	return ""
}
