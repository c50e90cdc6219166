package clientstream

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for the stretch exercise in budget.go.

const todoBudget = "TODO(04): write UploadBudget in 04-client-stream/budget.go -- see 04-client-stream/README.md#stretch-a-byte-budget"

// countRecvs counts the messages that reach the handler.
func countRecvs(n *atomic.Int32) grpc.ServerOption {
	return grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		return h(srv, &recvCounter{ServerStream: ss, n: n})
	})
}

type recvCounter struct {
	grpc.ServerStream
	n *atomic.Int32
}

func (c *recvCounter) RecvMsg(m any) error {
	err := c.ServerStream.RecvMsg(m)
	if err == nil {
		c.n.Add(1)
	}
	return err
}

func bigProducts(prefix string, n, size int) []*pb.Product {
	products := catalog.Generate(prefix, n)
	for _, p := range products {
		p.Description = strings.Repeat("d", size)
	}
	return products
}

func TestUploadBudget(t *testing.T) {
	store := catalog.Seeded()
	var reached atomic.Int32
	const budget = 1 << 20
	client := startServer(t, &Service{store: store},
		grpc.ChainStreamInterceptor(UploadBudget(budget)), countRecvs(&reached))

	_, err := upload(authCtx(t), client, bigProducts("big", 48, 100_000)) // 4.8 MB

	assert.Equal(t, codes.ResourceExhausted.String(), status.Code(err).String(), "%s\ngot: %v", todoBudget, err)
	assert.Contains(t, status.Convert(err).Message(), "1048576 bytes", "say what the budget is")
	assert.Equal(t, 36, store.Len(), "the refused upload stored nothing")
	fit, sum := 0, 0 // how many products stay within the budget
	for _, p := range bigProducts("big", 48, 100_000) {
		if sum += proto.Size(p); sum > budget {
			break
		}
		fit++
	}
	assert.LessOrEqual(t, reached.Load(), int32(fit), "the message that crossed the budget reached the handler: refuse it, not the next one")
}

func TestUploadBudgetLetsUploadsWithinItThrough(t *testing.T) {
	store := catalog.New()
	client := startServer(t, &Service{store: store}, grpc.ChainStreamInterceptor(UploadBudget(1<<20)))

	resp, err := upload(authCtx(t), client, bigProducts("fits", 9, 100_000)) // 0.9 MB

	require.NoError(t, err, "an upload within its budget is stored")
	assert.EqualValues(t, 9, resp.GetProductsCreated())

	// Budgets are per call: a second upload starts from zero.
	resp, err = upload(authCtx(t), client, bigProducts("again", 9, 100_000))
	require.NoError(t, err, "each upload has a budget of its own")
	assert.EqualValues(t, 9, resp.GetProductsCreated())
}

func TestUploadBudgetLeavesOtherCallsAlone(t *testing.T) {
	client := startServer(t, &Service{store: catalog.Seeded()}, grpc.ChainStreamInterceptor(UploadBudget(1)))

	stream, err := client.ListProducts(authCtx(t), &pb.ListProductsRequest{Category: "books"}) // a request of some bytes
	require.NoError(t, err)
	_, err = stream.Recv()
	assert.NoError(t, err, "%s\nthe budget is for UploadProducts only", todoBudget)
}

func TestUploadBudgetExactlyFits(t *testing.T) {
	products := bigProducts("exact", 9, 100_000)
	total := 0
	for _, p := range products {
		total += proto.Size(p)
	}
	client := startServer(t, &Service{store: catalog.New()}, grpc.ChainStreamInterceptor(UploadBudget(total)))
	resp, err := upload(authCtx(t), client, products)
	require.NoError(t, err, "%s\nan upload of exactly maxBytes is not more than maxBytes", todoBudget)
	assert.EqualValues(t, 9, resp.GetProductsCreated())
}
