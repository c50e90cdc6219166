package unary

// Interceptors are gRPC's middleware: each sees a call before and after its
// handler, like net/http middleware. Unary and stream calls have different
// signatures, so each concern is written twice. This file has the given ones;
// auth.go and stream_interceptors.go are yours.

import (
	"context"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// UnaryLogging logs one line per unary call: method, status code, duration.
func UnaryLogging(log *slog.Logger) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		resp, err := handler(ctx, req)
		logCall(ctx, log, "unary", info.FullMethod, start, err)
		return resp, err
	}
}

// logCall writes the one line both logging interceptors write.
func logCall(ctx context.Context, log *slog.Logger, kind, method string, start time.Time, err error) {
	level := slog.LevelInfo
	if err != nil {
		level = slog.LevelWarn
	}
	log.LogAttrs(ctx, level, "grpc call",
		slog.String("kind", kind),
		slog.String("method", method),
		slog.String("code", status.Code(err).String()),
		slog.Duration("duration", time.Since(start)),
	)
}

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

// public says which methods need no token: health checks (load balancers and
// Kubernetes probes carry none) and reflection (so grpcurl can list the API).
// Your auth interceptors ask it first.
func public(fullMethod string) bool {
	return strings.HasPrefix(fullMethod, "/grpc.health.v1.Health/") ||
		strings.HasPrefix(fullMethod, "/grpc.reflection.")
}
