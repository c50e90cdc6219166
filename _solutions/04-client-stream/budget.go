package clientstream

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// UploadBudget returns a stream interceptor that bounds the bytes of one
// UploadProducts call: once the products received add up to more than
// maxBytes, the call ends with ResourceExhausted, before the handler stores
// anything. Other methods pass untouched.
func UploadBudget(maxBytes int) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if info.FullMethod != pb.ProductService_UploadProducts_FullMethodName {
			return handler(srv, ss)
		}
		// The handler reads through our stream, so every message it gets
		// has been counted first.
		return handler(srv, &budgetStream{ServerStream: ss, left: maxBytes, limit: maxBytes})
	}
}

type budgetStream struct {
	grpc.ServerStream
	left, limit int
}

func (b *budgetStream) RecvMsg(m any) error {
	if err := b.ServerStream.RecvMsg(m); err != nil {
		return err // io.EOF and statuses pass through as they are
	}
	if msg, ok := m.(proto.Message); ok {
		b.left -= proto.Size(msg)
	}
	if b.left < 0 {
		// An error from RecvMsg is what the handler returns: the upload ends
		// here, and all-or-nothing means nothing was stored.
		return status.Errorf(codes.ResourceExhausted, "an upload holds at most %d bytes; split it", b.limit)
	}
	return nil
}
