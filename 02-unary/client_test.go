package unary

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for FetchProduct in client.go. They run it against a fake
// server with canned answers, so they do not depend on your GetProduct.

const todoClient = "TODO(02): write FetchProduct in 02-unary/client.go -- see 02-unary/README.md#write-the-client"

// fakeServer answers GetProduct by id, and records the deadline it saw.
type fakeServer struct {
	pb.UnimplementedProductServiceServer
	deadlines chan time.Duration // time left when the call arrived; -1 for none
}

func (f *fakeServer) GetProduct(ctx context.Context, req *pb.GetProductRequest) (*pb.Product, error) {
	left := time.Duration(-1)
	if d, ok := ctx.Deadline(); ok {
		left = time.Until(d)
	}
	select {
	case f.deadlines <- left:
	default:
	}
	switch req.GetProductId() {
	case "prod-001":
		return &pb.Product{Id: "prod-001", Name: "The Go Programming Language"}, nil
	case "slow":
		<-ctx.Done() // a server that hangs: only the deadline ends the call
		return nil, status.FromContextError(ctx.Err()).Err()
	case "":
		st, _ := status.New(codes.InvalidArgument, "product_id is required").WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "product_id", Description: "is required"}},
		})
		return nil, st.Err()
	case "bare-invalid":
		return nil, status.Error(codes.InvalidArgument, "no detail on this one")
	case "locked":
		return nil, status.Error(codes.PermissionDenied, "not yours")
	case "down":
		return nil, status.Error(codes.Unavailable, "try again later")
	case "gone":
		return nil, status.Error(codes.Canceled, "cancelled on the server")
	}
	return nil, status.Errorf(codes.NotFound, "product %q not found", req.GetProductId())
}

func fakeClient(t *testing.T) (pb.ProductServiceClient, *fakeServer) {
	fake := &fakeServer{deadlines: make(chan time.Duration, 1)}
	srv := grpc.NewServer()
	pb.RegisterProductServiceServer(srv, fake)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv)), fake
}

func TestFetchProduct(t *testing.T) {
	client, fake := fakeClient(t)

	p, err := FetchProduct(context.Background(), client, "prod-001", 2*time.Second)

	require.NoError(t, err, todoClient)
	assert.Equal(t, "The Go Programming Language", p.GetName())
	select {
	case left := <-fake.deadlines:
		require.Positive(t, left, "the call reached the server without a deadline: set one with context.WithTimeout")
		assert.LessOrEqual(t, left, 2*time.Second, "the server was given more time than timeout")
		assert.Greater(t, left, time.Second, "the server was given much less time than timeout")
	default:
		t.Fatal("the fake server saw no call")
	}
}

func TestFetchProductErrors(t *testing.T) {
	cases := []struct {
		name  string
		id    string
		is    error      // errors.Is must hold, or nil
		field string     // the *FieldError's field, or ""
		code  codes.Code // otherwise: status.Code of the error
	}{
		{"not found", "prod-999", ErrNotFound, "", 0},
		{"malformed id", "", nil, "product_id", 0},
		{"InvalidArgument without a detail", "bare-invalid", nil, "", codes.InvalidArgument},
		{"any other code comes as it is", "locked", nil, "", codes.PermissionDenied},
		{"Unavailable is not a timeout", "down", nil, "", codes.Unavailable},
		{"Canceled is not a timeout", "gone", nil, "", codes.Canceled},
	}
	client, _ := fakeClient(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := FetchProduct(context.Background(), client, tc.id, 2*time.Second)

			require.Error(t, err, todoClient)
			assert.Nil(t, p)
			switch {
			case tc.is != nil:
				assert.ErrorIs(t, err, tc.is, todoClient)
			case tc.field != "":
				var fe *FieldError
				require.ErrorAs(t, err, &fe, "%s\nInvalidArgument with a BadRequest detail should be a *FieldError", todoClient)
				assert.Equal(t, tc.field, fe.Field)
				assert.Equal(t, "is required", fe.Description, "the violation's description")
			default:
				assert.Equal(t, tc.code.String(), status.Code(err).String(), "%s\ngot: %v", todoClient, err)
				var fe *FieldError
				assert.False(t, errors.As(err, &fe), "no detail, no FieldError")
				assert.NotErrorIs(t, err, ErrNotFound)
				assert.NotErrorIs(t, err, ErrTimeout)
			}
		})
	}
}

func TestFetchProductGivesUpInTime(t *testing.T) {
	client, _ := fakeClient(t)

	// The test's own bound, so a FetchProduct without a deadline fails in
	// seconds instead of hanging the run.
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()

	start := time.Now()
	_, err := FetchProduct(ctx, client, "slow", 100*time.Millisecond)
	took := time.Since(start)

	assert.ErrorIs(t, err, ErrTimeout, todoClient)
	assert.Less(t, took, 4*time.Second, "FetchProduct waited for a hung server: its own deadline (timeout) did not end the call")
}

// A caller's longer deadline does not lengthen timeout.
func TestFetchProductUsesTimeoutUnderALongerDeadline(t *testing.T) {
	client, fake := fakeClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	_, err := FetchProduct(ctx, client, "prod-001", 2*time.Second)

	require.NoError(t, err, todoClient)
	assert.LessOrEqual(t, <-fake.deadlines, 2*time.Second, "the server was given more than timeout")
}

// The caller's own deadline is kept when it is shorter than timeout: a
// client must never extend the time its caller gave it.
func TestFetchProductKeepsTheCallersDeadline(t *testing.T) {
	client, fake := fakeClient(t)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()

	_, err := FetchProduct(ctx, client, "prod-001", time.Minute)

	require.NoError(t, err, todoClient)
	left := <-fake.deadlines
	assert.Positive(t, left)
	assert.LessOrEqual(t, left, 500*time.Millisecond, "the server was given more time than the caller had")
}
