package unary

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for the exercise in get_product.go. Run: go test ./02-unary/...

func TestGetProduct(t *testing.T) {
	s := startServer(t)

	p, err := s.client.GetProduct(authCtx(t), &pb.GetProductRequest{ProductId: "prod-001"})

	require.NoError(t, err)
	assert.Equal(t, "prod-001", p.GetId())
	assert.Equal(t, "The Go Programming Language", p.GetName())
	assert.Equal(t, "books", p.GetCategory())
	assert.Equal(t, pb.ProductStatus_PRODUCT_STATUS_ACTIVE, p.GetStatus())
	assert.NotNil(t, p.GetCreatedAt(), "created_at is set by the store")
}

// The handler, called directly: what it returns is a copy. gRPC would
// marshal the store's own pointer too, but any code in the process that
// changes what it got (an interceptor, a cache, a test) would then change
// the catalogue, and a writer changing the product while gRPC marshals it
// is a data race.
func TestGetProductReturnsACopy(t *testing.T) {
	store := catalog.Seeded()
	svc := &Service{store: store}
	p, err := svc.GetProduct(context.Background(), &pb.GetProductRequest{ProductId: "prod-001"})
	require.NoError(t, err)
	p.Name = "changed by the caller"
	again, err := store.Get("prod-001")
	require.NoError(t, err)
	assert.Equal(t, "The Go Programming Language", again.GetName(),
		"the store's product changed with the one GetProduct returned: return a copy (Store.Get makes one), never the store's own pointer")
}

func TestGetProductRejectsBadInput(t *testing.T) {
	cases := []struct {
		name    string
		id      string
		code    codes.Code
		message string
		field   string // the BadRequest field violation; "" when none is expected
	}{
		{"empty id", "", codes.InvalidArgument, "product_id is required", "product_id"},
		{"id with a space", "prod 001", codes.InvalidArgument, "may only hold", "product_id"},
		{"id with a slash", "../etc/passwd", codes.InvalidArgument, "may only hold", "product_id"},
		{"id too long", strings.Repeat("p", 65), codes.InvalidArgument, "longer than 64", "product_id"},
		{"unknown id", "prod-999", codes.NotFound, `product "prod-999" not found`, ""},
		{"wrong case", "PROD-001", codes.NotFound, "not found", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t)

			p, err := s.client.GetProduct(authCtx(t), &pb.GetProductRequest{ProductId: tc.id})

			assert.Nil(t, p)
			st := status.Convert(err)
			requireCode(t, tc.code, err, "")
			assert.Contains(t, st.Message(), tc.message)
			if tc.field != "" {
				assert.Equal(t, tc.field, badRequestField(st),
					"InvalidArgument should carry an errdetails.BadRequest naming the field (catalog.Status does it)")
			}
			assert.Equal(t, 36, s.store.Len(), "a read stores nothing and loses nothing")
		})
	}
}

func badRequestField(st *status.Status) string {
	for _, d := range st.Details() {
		if br, ok := d.(*errdetails.BadRequest); ok && len(br.GetFieldViolations()) > 0 {
			return br.GetFieldViolations()[0].GetField()
		}
	}
	return ""
}

// The server must stop when the caller has given up. The client's error would
// be DeadlineExceeded anyway (the client gives up on its own), so this test
// looks at what the *handler* returned: a test interceptor holds the call
// until the caller's context ends on the server, then lets GetProduct run.
func TestGetProductHonoursDeadline(t *testing.T) {
	cases := []struct {
		name       string
		clientSees codes.Code
		call       func(ctx context.Context, arrived <-chan struct{}) context.Context
	}{
		{"deadline passed", codes.DeadlineExceeded, func(ctx context.Context, _ <-chan struct{}) context.Context {
			ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			_ = cancel // the deadline ends it
			return ctx
		}},
		{"client cancelled", codes.Canceled, func(ctx context.Context, arrived <-chan struct{}) context.Context {
			ctx, cancel := context.WithCancel(ctx)
			go func() { <-arrived; cancel() }()
			return ctx
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			type result struct {
				ctxErr  codes.Code // what the server's ctx said when the handler ran
				err     error
				product *pb.Product
			}
			arrived := make(chan struct{})
			handled := make(chan result, 1)
			hold := grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
				close(arrived)
				<-ctx.Done()
				resp, err := h(ctx, req)
				product, _ := resp.(*pb.Product)
				handled <- result{status.FromContextError(ctx.Err()).Code(), err, product}
				return resp, err
			})
			s := startServer(t, hold)

			_, err := s.client.GetProduct(tc.call(authCtx(t), arrived), &pb.GetProductRequest{ProductId: "prod-001"})
			assertCode(t, tc.clientSees, err, "what the client sees")

			select {
			case r := <-handled:
				// On the server a passed deadline shows as DeadlineExceeded or,
				// if the client's cancel arrives first, Canceled: whichever the
				// context says is the right answer.
				assertCode(t, r.ctxErr, r.err, "what GetProduct returned: it should check ctx.Err() and return its status")
				assert.Nil(t, r.product, "no product for a caller who has gone")
			case <-time.After(5 * time.Second):
				t.Fatal("the handler did not return within 5s")
			}
		})
	}
}
