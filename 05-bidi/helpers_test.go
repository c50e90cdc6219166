package bidi

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"go.uber.org/goleak"
	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/stage"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const testToken = "test-token"

// quiet keeps the server's call log out of test output.
var quiet = slog.New(slog.DiscardHandler)

func startServer(t *testing.T, svc pb.ProductServiceServer, extra ...grpc.ServerOption) pb.ProductServiceClient {
	t.Helper()
	srv, _ := stage.NewServer(svc, stage.Config{Token: testToken, Logger: quiet}, extra...)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv))
}

func authCtx(t *testing.T) context.Context { return grpctest.Context(t, testToken) }

var (
	assertCode  = grpctest.AssertCode
	requireCode = grpctest.RequireCode
)

// exchange is the simplest client that works with a server that answers
// each update before it reads the next: send one, read its answer, and so
// on; then half-close and read the end. (Your UpdateAll, in client.go,
// sends and receives at once, which works with any server.) It returns the
// answers and the stream's final error (nil when it ended with OK).
func exchange(ctx context.Context, client pb.ProductServiceClient, updates []*pb.ProductUpdateRequest) ([]*pb.ProductUpdateResponse, error) {
	stream, err := client.ProductUpdates(ctx)
	if err != nil {
		return nil, err
	}
	var got []*pb.ProductUpdateResponse
	for _, u := range updates {
		if err := stream.Send(u); err != nil {
			break // the stream ended (io.EOF); Recv below says why
		}
		resp, err := stream.Recv()
		if err != nil {
			return got, endOf(err)
		}
		got = append(got, resp)
	}
	if err := stream.CloseSend(); err != nil {
		return got, err
	}
	for {
		resp, err := stream.Recv()
		if err != nil {
			return got, endOf(err)
		}
		got = append(got, resp) // more answers than updates: the test says so
	}
}

// endOf is nil for a stream that ended with OK, else its status.
func endOf(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}

func price(id string, v float64) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: v}}
}

func stock(id string, n int32) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: n}}
}

func newStatus(id string, s pb.ProductStatus) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_NewStatus{NewStatus: s}}
}

func seeded() *catalog.Store { return catalog.Seeded() }
