package clientstream

import (
	"google.golang.org/grpc"
)

// A stretch exercise: an interceptor that wraps the stream itself.

// UploadBudget returns a stream interceptor that bounds the bytes of one
// UploadProducts call: once the products received add up to more than
// maxBytes, the call ends with ResourceExhausted, before the handler stores
// anything. Other methods pass untouched. Until you write it, every stream
// passes untouched.
//
// TODO(04): write it. See 04-client-stream/README.md#stretch-a-byte-budget
func UploadBudget(maxBytes int) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		return handler(srv, ss)
	}
}
