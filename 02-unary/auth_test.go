package unary

import (
	"context"
	_ "embed"
	"go/ast"
	"go/parser"
	"go/token"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for UnaryAuth in auth.go.

const todoAuth = "TODO(02): UnaryAuth in 02-unary/auth.go must refuse this call -- see 02-unary/README.md#write-the-auth-interceptor"

func TestUnaryAuth(t *testing.T) {
	cases := []struct {
		name string
		md   []string // outgoing metadata key/value pairs
		want codes.Code
	}{
		{"no metadata", nil, codes.Unauthenticated},
		{"empty value", []string{"authorization", ""}, codes.Unauthenticated},
		{"wrong token", []string{"authorization", "Bearer nope"}, codes.Unauthenticated},
		{"token with something after it", []string{"authorization", "Bearer " + testToken + "x"}, codes.Unauthenticated},
		{"the start of the token", []string{"authorization", "Bearer " + testToken[:4]}, codes.Unauthenticated},
		{"not a bearer token", []string{"authorization", "Basic " + testToken}, codes.Unauthenticated},
		{"token without scheme", []string{"authorization", testToken}, codes.Unauthenticated},
		{"token under another key", []string{"x-token", "Bearer " + testToken}, codes.Unauthenticated},
		{"two spaces after Bearer", []string{"authorization", "Bearer  " + testToken}, codes.Unauthenticated},
		{"a space after the token", []string{"authorization", "Bearer " + testToken + " "}, codes.Unauthenticated},
		{"right token", []string{"authorization", "Bearer " + testToken}, codes.OK},
		{"right token, key in capitals", []string{"Authorization", "Bearer " + testToken}, codes.OK},
	}
	s := startServer(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
			defer cancel()
			ctx = metadata.AppendToOutgoingContext(ctx, tc.md...)

			_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})

			if tc.want == codes.Unauthenticated {
				assert.Equal(t, codes.Unauthenticated.String(), status.Code(err).String(), "%s\ngot: %v", todoAuth, err)
				assert.NotContains(t, status.Convert(err).Message(), testToken, "the error must not echo the token")
			} else {
				// Past auth, the handler answers (whatever your GetProduct answers).
				assert.NotEqual(t, codes.Unauthenticated, status.Code(err), "UnaryAuth refused a good token: %v", err)
			}
		})
	}
}

// A refused call never reaches the handler: auth answers instead of it.
func TestUnaryAuthStopsBeforeTheHandler(t *testing.T) {
	var ran atomic.Int32
	count := grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		ran.Add(1) // extra interceptors run innermost: right around the handler
		return h(ctx, req)
	})
	s := startServer(t, count)
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()

	_, err := s.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-001"})

	assert.Equal(t, codes.Unauthenticated.String(), status.Code(err).String(), "%s\ngot: %v", todoAuth, err)
	assert.Zero(t, ran.Load(), "the handler ran for a call without a token: check first, then call handler")
}

// Health is public: a load balancer's probe carries no token.
func TestHealthNeedsNoToken(t *testing.T) {
	s := startServer(t)
	for _, service := range []string{"", "ecommerce.v1.ProductService"} {
		ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
		resp, err := healthpb.NewHealthClient(s.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: service})
		cancel()
		require.NoError(t, err, "service %q: health must stay public (see public in interceptors.go)", service)
		assert.Equal(t, healthpb.HealthCheckResponse_SERVING, resp.GetStatus())
	}
}

// authSource is auth.go as compiled (embed reads through go test -overlay,
// so verify's checks see the stub or the solution, not the file on disk).
//
//go:embed auth.go
var authSource []byte

// A timing difference cannot be measured reliably in a unit test, so this
// one reads the code: auth.go must compare the token with
// crypto/subtle.ConstantTimeCompare (or crypto/hmac.Equal), not with ==.
func TestUnaryAuthComparesInConstantTime(t *testing.T) {
	calls, plain := readComparisons(t, "auth.go", authSource)
	assert.True(t, calls["subtle.ConstantTimeCompare"] || calls["hmac.Equal"],
		"%s\nauth.go never calls subtle.ConstantTimeCompare: a plain == leaks, by timing, how much of a guess was right", todoAuth)
	assert.False(t, plain, "auth.go compares token with == or !=: let ConstantTimeCompare decide")
}

// readComparisons parses a file of yours and returns the functions it calls
// ("subtle.ConstantTimeCompare", or "authorize" for one of the package) and
// whether it compares an identifier named token with == or !=.
func readComparisons(t *testing.T, name string, src []byte) (calls map[string]bool, plain bool) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
	require.NoError(t, err)
	calls = map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.EQL || n.Op == token.NEQ {
				for _, side := range []ast.Expr{n.X, n.Y} {
					if id, ok := side.(*ast.Ident); ok && id.Name == "token" {
						plain = true
					}
				}
			}
		case *ast.CallExpr:
			switch fn := n.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok {
					calls[x.Name+"."+fn.Sel.Name] = true
				}
			case *ast.Ident:
				calls[fn.Name] = true
			}
		}
		return true
	})
	return calls, plain
}
