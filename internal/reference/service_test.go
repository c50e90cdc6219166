package reference

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// Whatever is stored is readable by a default client (4 MB receive limit):
// a product at the size cap, through every RPC that answers with it.
func TestAProductAtTheCapIsReadableEverywhere(t *testing.T) {
	client, _ := startReference(t, catalog.New())
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()
	big := catalog.OfSize(catalog.Samples()[0], catalog.MaxProductBytes)
	big.Category = "big"

	up, err := client.UploadProducts(ctx)
	require.NoError(t, err)
	require.NoError(t, up.Send(big))
	_, err = up.CloseAndRecv()
	require.NoError(t, err, "a product at the cap is accepted")

	got, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: big.GetId()})
	require.NoError(t, err, "GetProduct")
	assert.Len(t, got.GetDescription(), len(big.GetDescription()))

	list, err := client.ListProducts(ctx, &pb.ListProductsRequest{Category: "big"})
	require.NoError(t, err)
	msg, err := list.Recv()
	require.NoError(t, err, "ListProducts")
	assert.Equal(t, big.GetId(), msg.GetProduct().GetId())
	_, err = list.Recv()
	assert.True(t, errors.Is(err, io.EOF))

	upd, err := client.ProductUpdates(ctx)
	require.NoError(t, err)
	require.NoError(t, upd.Send(&pb.ProductUpdateRequest{ProductId: big.GetId(),
		Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: 1}}))
	resp, err := upd.Recv()
	require.NoError(t, err, "ProductUpdates")
	assert.Equal(t, big.GetStockQuantity()+1, resp.GetProduct().GetStockQuantity())
	require.NoError(t, upd.CloseSend())
	_, err = upd.Recv()
	assert.True(t, errors.Is(err, io.EOF))
}

// The product the reliability probe found: 4,194,296 bytes fit one message,
// but with created_at added no answer holding it fits a default client. It
// is refused now, and nothing is stored.
func TestAProductThatWouldBeUnreadableIsRefused(t *testing.T) {
	store := catalog.New()
	client, _ := startReference(t, store)
	ctx, cancel := context.WithTimeout(context.Background(), grpctest.Timeout)
	defer cancel()

	up, err := client.UploadProducts(ctx)
	require.NoError(t, err)
	_ = up.Send(catalog.OfSize(catalog.Samples()[0], 4_194_296))
	_, err = up.CloseAndRecv()

	assert.Equal(t, codes.InvalidArgument, status.Code(err), "err: %v", err)
	assert.Contains(t, status.Convert(err).Message(), "at most 1048576")
	assert.Zero(t, store.Len())
}
