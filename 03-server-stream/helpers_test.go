package serverstream

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

func startServer(t *testing.T, store *catalog.Store, extra ...grpc.ServerOption) pb.ProductServiceClient {
	t.Helper()
	srv, _ := NewServer(store, stage.Config{Token: testToken, Logger: quiet}, extra...)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv))
}

// startSlowReaderServer is startServer with a client whose HTTP/2 receive
// windows are fixed at 64 KiB. By default grpc-go grows them (up to 16 MiB,
// "BDP estimation"), and a test stream of 2 MB might then fit in the window
// entirely: the server would finish before the client stops reading.
func startSlowReaderServer(t *testing.T, store *catalog.Store, extra ...grpc.ServerOption) pb.ProductServiceClient {
	t.Helper()
	srv, _ := NewServer(store, stage.Config{Token: testToken, Logger: quiet}, extra...)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv,
		grpc.WithInitialWindowSize(64<<10), grpc.WithInitialConnWindowSize(64<<10)))
}

func authCtx(t *testing.T) context.Context { return grpctest.Context(t, testToken) }

var (
	assertCode  = grpctest.AssertCode
	requireCode = grpctest.RequireCode
)

// recvAll reads a stream to its end. The error is nil when the stream ended
// with OK (io.EOF), else the stream's status.
func recvAll(stream grpc.ServerStreamingClient[pb.ListProductsResponse]) ([]*pb.ListProductsResponse, error) {
	var got []*pb.ListProductsResponse
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return got, nil
		}
		if err != nil {
			return got, err
		}
		got = append(got, msg)
	}
}

// list makes one ListProducts call and reads all of it.
func list(t *testing.T, client pb.ProductServiceClient, req *pb.ListProductsRequest) ([]*pb.ListProductsResponse, error) {
	t.Helper()
	stream, err := client.ListProducts(authCtx(t), req)
	if err != nil {
		return nil, err
	}
	return recvAll(stream)
}
