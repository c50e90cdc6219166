package bidi

import (
	"context"
	"io"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for the exercise in product_updates.go. Run: go test ./05-bidi/...

func TestProductUpdates(t *testing.T) {
	store := seeded()
	client := startServer(t, &Service{store: store})
	before, err := store.Get("prod-002")
	require.NoError(t, err)

	got, err := exchange(authCtx(t), client, []*pb.ProductUpdateRequest{
		price("prod-001", 12.5),
		stock("prod-002", -2),
		newStatus("prod-003", pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED),
	})

	require.NoError(t, err)
	require.Len(t, got, 3, "one answer per update")
	assert.Equal(t, []string{"prod-001", "prod-002", "prod-003"},
		[]string{got[0].GetProductId(), got[1].GetProductId(), got[2].GetProductId()}, "answers in request order")
	assert.Equal(t, 12.5, got[0].GetProduct().GetPrice())
	assert.Equal(t, before.GetStockQuantity()-2, got[1].GetProduct().GetStockQuantity())
	assert.Equal(t, pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED, got[2].GetProduct().GetStatus())
	assert.Equal(t, "The Go Programming Language", got[0].GetProduct().GetName(), "the whole product comes back")

	stored, err := store.Get("prod-001")
	require.NoError(t, err)
	assert.Equal(t, 12.5, stored.GetPrice(), "the store has the change")
}

// A refused update is answered with an UpdateError on the stream, changes
// nothing, and the stream goes on: the good update after it is applied.
func TestProductUpdatesReportsRefusals(t *testing.T) {
	cases := []struct {
		name    string
		bad     *pb.ProductUpdateRequest
		code    codes.Code
		message string
	}{
		{"unknown id", price("prod-999", 1), codes.NotFound, `product "prod-999" not found`},
		{"empty id", price("", 1), codes.InvalidArgument, "product_id is required"},
		{"malformed id", price("prod 1", 1), codes.InvalidArgument, "may only hold"},
		{"no update set", &pb.ProductUpdateRequest{ProductId: "prod-001"}, codes.InvalidArgument, "update is required"},
		{"negative price", price("prod-001", -3), codes.InvalidArgument, "price must be >= 0"},
		{"NaN price", price("prod-001", math.NaN()), codes.InvalidArgument, "finite"},
		{"unset status", newStatus("prod-001", pb.ProductStatus_PRODUCT_STATUS_UNSPECIFIED), codes.InvalidArgument, "status is required"},
		{"unknown status", newStatus("prod-001", 9), codes.InvalidArgument, "9 is not a known"},
		{"stock below zero", stock("prod-001", -1000), codes.FailedPrecondition, "would leave"},
		{"stock overflow", stock("prod-001", math.MaxInt32), codes.FailedPrecondition, "overflow"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := seeded()
			client := startServer(t, &Service{store: store})
			before, err := store.Get("prod-001")
			require.NoError(t, err)

			got, err := exchange(authCtx(t), client, []*pb.ProductUpdateRequest{tc.bad, stock("prod-002", 1)})

			require.NoError(t, err, "a refused update must not end the stream")
			require.Len(t, got, 2, "the refusal is answered, never skipped; the next update too")
			refusal := got[0].GetError()
			require.NotNil(t, refusal, "want an UpdateError, got %v", got[0])
			assert.Equal(t, tc.code.String(), codes.Code(refusal.GetCode()).String())
			assert.Contains(t, refusal.GetMessage(), tc.message)
			assert.Equal(t, tc.bad.GetProductId(), got[0].GetProductId())
			assert.NotNil(t, got[1].GetProduct(), "the stream went on")

			after, err := store.Get("prod-001")
			require.NoError(t, err)
			assert.Equal(t, before.String(), after.String(), "a refused update changes nothing")
		})
	}
}

// 8 streams x 1,000 stock adjustments on the same four products, at once.
// Every adjustment must land exactly once: the final stock is the exact sum.
// Under -race this also proves no answer shares memory with the store.
func TestConcurrentStreamsLoseNoUpdate(t *testing.T) {
	store := seeded()
	client := startServer(t, &Service{store: store})
	ids := []string{"prod-007", "prod-008", "prod-009", "prod-010"}
	start := map[string]int32{}
	for _, id := range ids {
		p, err := store.Get(id)
		require.NoError(t, err)
		start[id] = p.GetStockQuantity()
	}

	const streams, perStream = 8, 1000
	want := map[string]int32{}
	var wg sync.WaitGroup
	errs := make(chan error, streams)
	began := time.Now()
	for w := range streams {
		updates := make([]*pb.ProductUpdateRequest, perStream)
		for i := range updates {
			id := ids[(w+i)%len(ids)]
			n := int32(1 + (w*7+i)%5) // always positive: no refusal can hide a lost update
			updates[i] = stock(id, n)
			want[id] += n
		}
		wg.Go(func() {
			got, err := exchange(authCtx(t), client, updates)
			if err == nil && len(got) != perStream {
				err = assert.AnError
			}
			for _, r := range got {
				if r.GetError() != nil {
					t.Errorf("refused: %v", r.GetError())
				}
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err, "every stream gets 1,000 answers and ends OK")
	}

	for _, id := range ids {
		p, err := store.Get(id)
		require.NoError(t, err)
		assert.Equal(t, start[id]+want[id], p.GetStockQuantity(), "%s: lost or doubled updates", id)
	}
	t.Logf("%d streams x %d updates: %v, lost 0", streams, perStream, time.Since(began).Round(time.Millisecond))
}

// Half-close: the client says "no more updates" (CloseSend); the server
// answers what it has, then ends the stream with OK.
func TestProductUpdatesHalfClose(t *testing.T) {
	client := startServer(t, &Service{store: seeded()})

	got, err := exchange(authCtx(t), client, nil)
	require.NoError(t, err, "closing at once ends the stream with OK")
	assert.Empty(t, got)

	stream, err := client.ProductUpdates(authCtx(t))
	require.NoError(t, err)
	require.NoError(t, stream.Send(price("prod-001", 1)))
	require.NoError(t, stream.Send(price("prod-002", 2)))
	require.NoError(t, stream.CloseSend())
	var answered int
	for {
		_, err := stream.Recv()
		if err != nil {
			assert.ErrorIs(t, err, io.EOF, "the server drains, then ends with OK: %v", err)
			break
		}
		answered++
	}
	assert.Equal(t, 2, answered, "both updates sent before the half-close are answered")
}

// A client that cancels: the handler returns with Canceled, no leak.
func TestProductUpdatesEndsWhenClientCancels(t *testing.T) {
	watch, returned := grpctest.WatchStreams()
	client := startServer(t, &Service{store: seeded()}, watch)

	ctx, cancel := context.WithCancel(authCtx(t))
	stream, err := client.ProductUpdates(ctx)
	require.NoError(t, err)
	if err := stream.Send(price("prod-001", 1)); err != nil {
		_, err = stream.Recv() // Send says only io.EOF; Recv says why
		cancel()
		t.Fatalf("the server ended the stream at once: %v", err)
	}
	_, err = stream.Recv()
	if err != nil {
		cancel()
		t.Fatalf("no answer to the first update: %v", err)
	}
	cancel()

	select {
	case err := <-returned:
		assertCode(t, codes.Canceled, err, "what ProductUpdates returned")
	case <-time.After(5 * time.Second):
		t.Fatal("ProductUpdates still runs 5s after its client cancelled")
	}
}
