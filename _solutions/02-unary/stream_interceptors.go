package unary

import (
	"crypto/subtle"
	"log/slog"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// StreamLogging logs one line per stream when it ends, with the same
// attributes as UnaryLogging and kind "stream". A stream can live for hours:
// logging at the end gives its whole duration and its final status.
func StreamLogging(log *slog.Logger) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		start := time.Now()
		err := handler(srv, ss)
		logCall(ss.Context(), log, "stream", info.FullMethod, start, err)
		return err
	}
}

// StreamAuth is UnaryAuth for streams: the same rules, checked once, before
// the handler runs. The metadata came with the stream's headers, so
// ss.Context() has it before the first message.
func StreamAuth(token string) grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if public(info.FullMethod) {
			return handler(srv, ss)
		}
		// The same check as UnaryAuth's. (In your own code, share one helper;
		// this solution repeats it so that it stands without auth.go's.)
		md, _ := metadata.FromIncomingContext(ss.Context())
		values := md.Get("authorization")
		if len(values) == 0 {
			return status.Error(codes.Unauthenticated, `missing "authorization: Bearer <token>" metadata`)
		}
		got, ok := strings.CutPrefix(values[0], "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			return status.Error(codes.Unauthenticated, "invalid bearer token")
		}
		return handler(srv, ss)
	}
}
