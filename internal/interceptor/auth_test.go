package interceptor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// The stage servers' auth, in process: every refusal is Unauthenticated and
// the handler never runs; public methods need no token.
func TestUnaryAuth(t *testing.T) {
	const token, method = "s3cret", "/ecommerce.v1.ProductService/GetProduct"
	for _, tc := range []struct {
		name   string
		md     metadata.MD // nil: no metadata at all
		method string
		want   codes.Code
	}{
		{"right token", metadata.Pairs("authorization", "Bearer s3cret"), method, codes.OK},
		{"key with capitals (keys are lower-cased)", metadata.Pairs("Authorization", "Bearer s3cret"), method, codes.OK},
		{"no metadata", nil, method, codes.Unauthenticated},
		{"no authorization key", metadata.Pairs("x-token", "s3cret"), method, codes.Unauthenticated},
		{"wrong token", metadata.Pairs("authorization", "Bearer guess"), method, codes.Unauthenticated},
		{"a prefix of the token", metadata.Pairs("authorization", "Bearer s3c"), method, codes.Unauthenticated},
		{"the token with a suffix", metadata.Pairs("authorization", "Bearer s3cret!"), method, codes.Unauthenticated},
		{"Basic scheme", metadata.Pairs("authorization", "Basic s3cret"), method, codes.Unauthenticated},
		{"no scheme", metadata.Pairs("authorization", "s3cret"), method, codes.Unauthenticated},
		{"health needs none", nil, "/grpc.health.v1.Health/Check", codes.OK},
		{"reflection needs none", nil, "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", codes.OK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			if tc.md != nil {
				ctx = metadata.NewIncomingContext(ctx, tc.md)
			}
			ran := false
			_, err := UnaryAuth(token)(ctx, nil, &grpc.UnaryServerInfo{FullMethod: tc.method}, func(context.Context, any) (any, error) {
				ran = true
				return nil, nil
			})
			assert.Equal(t, tc.want, status.Code(err), "%v", err)
			assert.Equal(t, tc.want == codes.OK, ran, "the handler runs only for an allowed call")
			assert.NotContains(t, status.Convert(err).Message(), "guess", "the message does not echo the token")
		})
	}
}
