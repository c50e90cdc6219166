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

// exchange sends every update from its own goroutine while it reads the
// answers, as a real client would (sending all first could deadlock once
// both directions' flow-control windows fill), then half-closes. It returns
// the answers and the stream's final error (nil when it ended with OK).
func exchange(ctx context.Context, client pb.ProductServiceClient, updates []*pb.ProductUpdateRequest) ([]*pb.ProductUpdateResponse, error) {
	stream, err := client.ProductUpdates(ctx)
	if err != nil {
		return nil, err
	}
	sent := make(chan error, 1)
	go func() {
		for _, u := range updates {
			if err := stream.Send(u); err != nil {
				sent <- nil // the stream ended; Recv below says why
				return
			}
		}
		sent <- stream.CloseSend()
	}()
	var got []*pb.ProductUpdateResponse
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			err = nil
		}
		if err != nil || resp == nil {
			if sendErr := <-sent; err == nil {
				err = sendErr
			}
			return got, err
		}
		got = append(got, resp)
	}
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
