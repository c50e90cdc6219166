package unary

import (
	"context"
	"crypto/subtle"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// UnaryAuth returns an interceptor that lets a unary call through only if it
// carries "authorization: Bearer <token>" metadata. Calls to public methods
// need no token.
func UnaryAuth(token string) grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if !public(info.FullMethod) {
			if err := authorize(ctx, token); err != nil {
				return nil, err // the handler never runs
			}
		}
		return handler(ctx, req)
	}
}

// authorize checks the incoming metadata.
func authorize(ctx context.Context, token string) error {
	md, _ := metadata.FromIncomingContext(ctx)
	values := md.Get("authorization") // keys are lower-case on the wire; Get lower-cases too
	if len(values) == 0 {
		return status.Error(codes.Unauthenticated, `missing "authorization: Bearer <token>" metadata`)
	}
	got, ok := strings.CutPrefix(values[0], "Bearer ")
	// Constant time: a plain == stops at the first differing byte, and how
	// long it took tells an attacker how much of their guess was right.
	if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
		return status.Error(codes.Unauthenticated, "invalid bearer token")
	}
	return nil
}
