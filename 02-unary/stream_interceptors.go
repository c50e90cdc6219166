package unary

import (
	"log/slog"

	"google.golang.org/grpc"
)

// A stretch exercise: the two stream interceptors. The guide registered a
// loggingStreamInterceptor and never wrote it; here you write it, and the
// stream twin of UnaryAuth. Until you do, both let every stream through
// untouched.

// StreamLogging logs one line per stream when it ends, with the same
// attributes as UnaryLogging and kind "stream".
//
// TODO(02): write it. See 02-unary/README.md#stretch-the-stream-interceptors
func StreamLogging(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		return handler(srv, ss)
	}
}

// StreamAuth is UnaryAuth for streams: the same rules, checked once, before
// the handler runs.
//
// TODO(02): write it. See 02-unary/README.md#stretch-the-stream-interceptors
func StreamAuth(token string) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		return handler(srv, ss)
	}
}
