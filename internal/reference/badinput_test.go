package reference

import (
	"context"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The bad-input suite of the gRPC surface, on the service steps 06 and 07
// and the benchmark serve: each case is one bad request, its exact code and
// a part of its message; after each, nothing was stored or changed and the
// server answers a good call.

// startReference serves the whole service over bufconn with default limits
// (what a default client has), on store.
func startReference(t testing.TB, store *catalog.Store) (pb.ProductServiceClient, *grpc.ClientConn) {
	srv := grpc.NewServer()
	pb.RegisterProductServiceServer(srv, &Service{Store: store})
	conn := grpctest.Dial(t, srv)
	return pb.NewProductServiceClient(conn), conn
}

func product(id string) *pb.Product {
	return &pb.Product{Id: id, Name: "Thing " + id, Price: 1, Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE}
}

func TestGRPCBadInput(t *testing.T) {
	cases := []struct {
		name    string
		call    func(context.Context, pb.ProductServiceClient) error
		code    codes.Code
		message string
	}{
		{"get: empty id", getProduct(""), codes.InvalidArgument, "product_id is required"},
		{"get: a slash in the id", getProduct("../x"), codes.InvalidArgument, "may only hold"},
		{"get: 65 characters", getProduct(strings.Repeat("p", 65)), codes.InvalidArgument, "longer than 64"},
		{"get: unknown id", getProduct("prod-999"), codes.NotFound, "not found"},
		{"list: negative page size", listProducts(&pb.ListProductsRequest{PageSize: -1}), codes.InvalidArgument, "page_size"},
		{"list: a token that is not ours", listProducts(&pb.ListProductsRequest{PageToken: "eyJhIjoicHJvZC0wMDEifQ.AAAAAAAAAAAAAAAAAAAAAA"}), codes.InvalidArgument, "page_token is malformed"},
		{"list: garbage token", listProducts(&pb.ListProductsRequest{PageToken: "%%%"}), codes.InvalidArgument, "page_token is malformed"},
		{"upload: no name", upload(product("new-1"), &pb.Product{Id: "new-2", Price: 1, Status: 1}), codes.InvalidArgument, "product 1: name is required"},
		{"upload: NaN price", upload(&pb.Product{Id: "n", Name: "n", Price: math.NaN(), Status: 1}), codes.InvalidArgument, "finite"},
		{"upload: a duplicate in the upload", upload(product("d"), product("d")), codes.AlreadyExists, "already used by product 0"},
		{"upload: an id the store has", upload(product("prod-001")), codes.AlreadyExists, "already exists"},
		{"upload: a product over the size cap", upload(catalog.OfSize(product("big"), catalog.MaxProductBytes+1)), codes.InvalidArgument, "at most 1048576"},
		{"upload: a message over 4 MB", upload(catalog.OfSize(product("huge"), 5<<20)), codes.ResourceExhausted, "larger than max"},
		{"updates: unknown id", update(&pb.ProductUpdateRequest{ProductId: "prod-999", Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: 1}}), codes.NotFound, "not found"},
		{"updates: no update set", update(&pb.ProductUpdateRequest{ProductId: "prod-001"}), codes.InvalidArgument, "update is required"},
		{"updates: negative price", update(&pb.ProductUpdateRequest{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: -1}}), codes.InvalidArgument, "price"},
		{"updates: stock below zero", update(&pb.ProductUpdateRequest{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: math.MinInt32}}), codes.FailedPrecondition, "would leave"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := catalog.Seeded()
			client, _ := startReference(t, store)
			before, err := store.Get("prod-001")
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
			defer cancel()

			err = tc.call(ctx, client)

			assert.Equal(t, tc.code.String(), status.Code(err).String(), "err: %v", err)
			assert.Contains(t, status.Convert(err).Message(), tc.message)
			assert.Equal(t, 36, store.Len(), "nothing stored")
			after, _ := store.Get("prod-001")
			assert.Equal(t, before.String(), after.String(), "nothing changed")
			_, err = client.GetProduct(ctx, &pb.GetProductRequest{ProductId: "prod-002"})
			assert.NoError(t, err, "the server still answers")
		})
	}
}

func getProduct(id string) func(context.Context, pb.ProductServiceClient) error {
	return func(ctx context.Context, c pb.ProductServiceClient) error {
		_, err := c.GetProduct(ctx, &pb.GetProductRequest{ProductId: id})
		return err
	}
}

func listProducts(req *pb.ListProductsRequest) func(context.Context, pb.ProductServiceClient) error {
	return func(ctx context.Context, c pb.ProductServiceClient) error {
		stream, err := c.ListProducts(ctx, req)
		if err != nil {
			return err
		}
		for {
			if _, err := stream.Recv(); err != nil {
				if errors.Is(err, io.EOF) {
					return nil
				}
				return err
			}
		}
	}
}

func upload(products ...*pb.Product) func(context.Context, pb.ProductServiceClient) error {
	return func(ctx context.Context, c pb.ProductServiceClient) error {
		stream, err := c.UploadProducts(ctx)
		if err != nil {
			return err
		}
		for _, p := range products {
			if stream.Send(p) != nil {
				break
			}
		}
		_, err = stream.CloseAndRecv()
		return err
	}
}

// update sends one update and turns its UpdateError answer into a status,
// so the table can say the code.
func update(req *pb.ProductUpdateRequest) func(context.Context, pb.ProductServiceClient) error {
	return func(ctx context.Context, c pb.ProductServiceClient) error {
		stream, err := c.ProductUpdates(ctx)
		if err != nil {
			return err
		}
		if err := stream.Send(req); err != nil {
			return err
		}
		resp, err := stream.Recv()
		if err != nil {
			return err
		}
		_ = stream.CloseSend()
		if _, err := stream.Recv(); !errors.Is(err, io.EOF) {
			return err
		}
		if e := resp.GetError(); e != nil {
			return status.Error(codes.Code(e.GetCode()), e.GetMessage())
		}
		return nil
	}
}

// rawCodec sends bytes as they are: a request no real client would make.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error)      { return v.([]byte), nil }
func (rawCodec) Unmarshal(data []byte, v any) error { return nil }
func (rawCodec) Name() string                       { return "proto" }

// A request that does not decode is refused by grpc-go itself, before any
// interceptor or handler runs, with Internal (02's README explains it).
func TestARequestThatDoesNotDecode(t *testing.T) {
	_, conn := startReference(t, catalog.Seeded())
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()

	var reply []byte
	err := conn.Invoke(ctx, pb.ProductService_GetProduct_FullMethodName, []byte("\x0a\x02\xff\xfe"), &reply, grpc.ForceCodec(rawCodec{}))

	assert.Equal(t, codes.Internal.String(), status.Code(err).String(), "err: %v", err)
	assert.Contains(t, status.Convert(err).Message(), "unmarshal")
}

// FuzzListProductsToken: whatever a gRPC client sends as page_token,
// ListProducts answers a page or InvalidArgument, never anything else.
func FuzzListProductsToken(f *testing.F) {
	client, _ := startReference(f, catalog.Seeded())
	f.Add("", "")
	f.Add("eyJjIjoiIiwiYSI6InByb2QtMDAxIn0.AAAAAAAAAAAAAAAAAAAAAA", "books")
	f.Add("%%%", "x")
	f.Fuzz(func(t *testing.T, token, category string) {
		if !utf8.ValidString(token) || !utf8.ValidString(category) {
			return // a proto string must be UTF-8: the client refuses to send it
		}
		ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
		defer cancel()
		err := listProducts(&pb.ListProductsRequest{Category: category, PageToken: token, PageSize: 5})(ctx, client)
		if err != nil && status.Code(err) != codes.InvalidArgument {
			t.Fatalf("token %q: want a page or InvalidArgument, got %v", token, err)
		}
	})
}
