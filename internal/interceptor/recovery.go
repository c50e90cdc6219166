package interceptor

import (
	"log/slog"
	"runtime/debug"

	"context"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// UnaryRecovery turns a panic in a handler into an Internal error. Without
// it, one nil pointer in one request takes the whole server down: grpc-go
// does not recover panics for you.
func UnaryRecovery(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = recovered(log, info.FullMethod, r)
			}
		}()
		return handler(ctx, req)
	}
}

// StreamRecovery is UnaryRecovery for streams.
func StreamRecovery(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = recovered(log, info.FullMethod, r)
			}
		}()
		return handler(srv, ss)
	}
}

// recovered logs the stack for the operator and tells the client only that
// something broke: a stack trace is not for the caller to see.
func recovered(log *slog.Logger, method string, r any) error {
	log.Error("panic in handler", "method", method, "panic", r, "stack", string(debug.Stack()))
	return status.Error(codes.Internal, "internal error")
}
