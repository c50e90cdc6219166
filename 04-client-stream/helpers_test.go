package clientstream

import (
	"context"
	"log/slog"
	"testing"

	"go.uber.org/goleak"
	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/stage"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const testToken = "test-token"

// quiet keeps the server's call log out of test output.
var quiet = slog.New(slog.DiscardHandler)

func startServer(t *testing.T, svc *Service, extra ...grpc.ServerOption) pb.ProductServiceClient {
	t.Helper()
	if svc.maxUpload == 0 {
		svc.maxUpload = MaxUpload
	}
	srv, _ := stage.NewServer(svc, stage.Config{Token: testToken, Logger: quiet}, extra...)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv))
}

func authCtx(t *testing.T) context.Context { return grpctest.Context(t, testToken) }

var (
	assertCode  = grpctest.AssertCode
	requireCode = grpctest.RequireCode
)

// upload sends products on one stream and returns the server's answer. It
// is a careless client: it sends everything even after the server has ended
// the stream (each Send then fails at once). Your Upload, in client.go, does
// better.
func upload(ctx context.Context, client pb.ProductServiceClient, products []*pb.Product) (*pb.UploadProductsResponse, error) {
	stream, err := client.UploadProducts(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range products {
		_ = stream.Send(p)
	}
	return stream.CloseAndRecv()
}

func product(id string) *pb.Product {
	return &pb.Product{Id: id, Name: "Product " + id, Price: 9.5, Category: "books", StockQuantity: 3,
		Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE}
}
