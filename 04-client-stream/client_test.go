package clientstream

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// The tests for Upload in client.go. They run against your UploadProducts.

const todoUpload = "TODO(04): write Upload in 04-client-stream/client.go -- see 04-client-stream/README.md#write-the-client"

// countSends counts the client's Send calls, and whether one was made after
// a Send had already failed.
func countSends(sends, afterEOF *atomic.Int32) grpc.DialOption {
	return grpc.WithStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, opts...)
		return &sendCounter{ClientStream: cs, sends: sends, afterEOF: afterEOF}, err
	})
}

type sendCounter struct {
	grpc.ClientStream
	sends, afterEOF *atomic.Int32
	failed          bool
}

func (c *sendCounter) SendMsg(m any) error {
	c.sends.Add(1)
	if c.failed {
		c.afterEOF.Add(1)
	}
	err := c.ClientStream.SendMsg(m)
	c.failed = c.failed || err != nil
	return err
}

func startCountingServer(t *testing.T, store *catalog.Store, sends, afterEOF *atomic.Int32) pb.ProductServiceClient {
	t.Helper()
	srv, _ := stage.NewServer(&Service{store: store, maxUpload: MaxUpload}, stage.Config{Token: testToken, Logger: quiet})
	return pb.NewProductServiceClient(grpctest.Dial(t, srv, countSends(sends, afterEOF)))
}

func TestUpload(t *testing.T) {
	store := catalog.New()
	var sends, afterEOF atomic.Int32
	client := startCountingServer(t, store, &sends, &afterEOF)
	products := catalog.Generate("up", 1000)

	resp, err := Upload(authCtx(t), client, products)

	require.NoError(t, err, todoUpload)
	assert.EqualValues(t, 1000, resp.GetProductsCreated())
	assert.Equal(t, products[999].GetId(), resp.GetProductIds()[999])
	assert.Equal(t, 1000, store.Len())
	assert.EqualValues(t, 1000, sends.Load(), "one message per product")
}

func TestUploadNothingWithTheClient(t *testing.T) {
	var sends, afterEOF atomic.Int32
	client := startCountingServer(t, catalog.New(), &sends, &afterEOF)

	resp, err := Upload(authCtx(t), client, nil)

	require.NoError(t, err, "%s\nan empty upload is a valid one: half-close and read the answer", todoUpload)
	assert.Zero(t, resp.GetProductsCreated())
}

// Product 2 of 50,000 is bad. The server refuses it on arrival and ends the
// stream; the client's next Sends fail with io.EOF, which says only "the
// stream is over". A good client stops sending there, and gets the reason
// from CloseAndRecv.
func TestUploadStopsAndReportsTheRefusal(t *testing.T) {
	store := catalog.New()
	var sends, afterEOF atomic.Int32
	client := startCountingServer(t, store, &sends, &afterEOF)
	products := catalog.Generate("up", 50_000)
	products[2].Price = -1

	resp, err := Upload(authCtx(t), client, products)

	assert.Nil(t, resp)
	require.Error(t, err, todoUpload)
	assert.False(t, errors.Is(err, io.EOF), "io.EOF from Send is not the answer: CloseAndRecv has the server's status")
	assert.Equal(t, codes.InvalidArgument.String(), status.Code(err).String(), "%s\ngot: %v", todoUpload, err)
	assert.True(t, strings.Contains(status.Convert(err).Message(), "product 2"), "the server's words, which name the product: %v", err)
	assert.Zero(t, afterEOF.Load(), "Upload kept sending after Send failed (%d more times)", afterEOF.Load())
	assert.Less(t, sends.Load(), int32(50_000))
	assert.Zero(t, store.Len(), "all or nothing")
}

func TestUploadNothingStillAsksTheServer(t *testing.T) {
	var calls atomic.Int32
	refuse := grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		calls.Add(1)
		return status.Error(codes.Unavailable, "refused on purpose")
	})
	client := startServer(t, &Service{store: catalog.New()}, refuse)
	_, err := Upload(authCtx(t), client, nil)
	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(), "%s\nan empty upload still opens the stream, half-closes and reads the server's answer: %v", todoUpload, err)
	assert.EqualValues(t, 1, calls.Load())
}
