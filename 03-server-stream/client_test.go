package serverstream

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
)

// The tests for the client exercises: ListAll in client.go, FindFirst in
// find.go. They run against your ListProducts.

const todoListAll = "TODO(03): write ListAll in 03-server-stream/client.go -- see 03-server-stream/README.md#write-the-client"

// countCalls counts ListProducts calls, and fails call number failOn (if > 0)
// with Unavailable before the handler runs.
func countCalls(calls *atomic.Int32, failOn int32) grpc.ServerOption {
	return grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		if calls.Add(1) == failOn {
			return status.Error(codes.Unavailable, "this page failed on purpose")
		}
		return h(srv, ss)
	})
}

func TestListAll(t *testing.T) {
	cases := []struct {
		name     string
		category string
		size     int32
		want     int
		calls    int32
	}{
		{"pages of 5", "", 5, 36, 8},
		{"pages of 4: the last one is full", "", 4, 36, 9},
		{"one big page", "", 0, 36, 1},
		{"a category", "books", 4, 6, 2},
		{"an empty category", "no-such-category", 4, 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			client := startServer(t, catalog.Seeded(), countCalls(&calls, 0))

			got, err := ListAll(authCtx(t), client, tc.category, tc.size)

			require.NoError(t, err, todoListAll)
			require.Len(t, got, tc.want, "every product of the category, once")
			var ids []string
			for _, p := range got {
				ids = append(ids, p.GetId())
				if tc.category != "" {
					assert.Equal(t, tc.category, p.GetCategory())
				}
			}
			assert.IsIncreasing(t, ids, "in the server's order, each once")
			assert.Equal(t, tc.calls, calls.Load(), "one ListProducts call per page, and no call after the last")
		})
	}
}

func TestListAllFailsWhenAPageFails(t *testing.T) {
	var calls atomic.Int32
	client := startServer(t, catalog.Seeded(), countCalls(&calls, 3))

	got, err := ListAll(authCtx(t), client, "", 5)

	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(),
		"%s\nthe failed page's status comes back as it is: %v", todoListAll, err)
	assert.Nil(t, got, "no half catalogue")
	assert.EqualValues(t, 3, calls.Load(), "no more pages after a failure")
}

const todoFind = "TODO(03): write FindFirst in 03-server-stream/find.go -- see 03-server-stream/README.md#stretch-stop-a-stream-early"

func TestFindFirstStopsTheStream(t *testing.T) {
	store := catalog.New()
	_, err := store.CreateAll(catalog.Generate("load", 10_000)) // ~2 MB: far more than the windows hold
	require.NoError(t, err)
	watch, returned := grpctest.WatchStreams()
	client := startSlowReaderServer(t, store, watch)

	p, err := FindFirst(authCtx(t), client, func(p *pb.Product) bool { return p.GetId() == "load-0000010" })

	require.NoError(t, err, todoFind)
	assert.Equal(t, "load-0000010", p.GetId())
	select {
	case err := <-returned:
		assert.Equal(t, codes.Canceled.String(), status.Code(err).String(),
			"the server's handler ended because the client cancelled: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("5s after FindFirst returned, the server is still sending to it: cancel the stream's context")
	}
}

func TestFindFirstWithoutAMatch(t *testing.T) {
	client := startServer(t, catalog.Seeded())

	p, err := FindFirst(authCtx(t), client, func(p *pb.Product) bool { return p.GetPrice() < 0 })

	assert.ErrorIs(t, err, ErrNoMatch, todoFind)
	assert.Nil(t, p)
}

func TestFindFirstReportsTheStreamsError(t *testing.T) {
	client := startServer(t, catalog.Seeded())
	ctx, cancel := context.WithCancel(authCtx(t))
	cancel()

	_, err := FindFirst(ctx, client, func(*pb.Product) bool { return false })

	assert.Equal(t, codes.Canceled.String(), status.Code(err).String(), "%s\na failed stream is not \"no match\": %v", todoFind, err)
	assert.NotErrorIs(t, err, ErrNoMatch)
}

func TestFindFirstReportsAStreamThatFails(t *testing.T) {
	var calls atomic.Int32
	client := startServer(t, catalog.Seeded(), countCalls(&calls, 1))
	_, err := FindFirst(authCtx(t), client, func(*pb.Product) bool { return false })
	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(), "%s\na failed stream is its error: %v", todoFind, err)
	assert.NotErrorIs(t, err, ErrNoMatch)
}

func TestFindFirstReadsTheWholePage(t *testing.T) {
	store := catalog.New()
	_, err := store.CreateAll(catalog.Generate("load", 10_000))
	require.NoError(t, err)
	client := startServer(t, store)
	p, err := FindFirst(authCtx(t), client, func(p *pb.Product) bool { return p.GetId() == "load-0010000" })
	require.NoError(t, err, "%s\nthe whole first page of up to 10,000 products is searched", todoFind)
	assert.Equal(t, "load-0010000", p.GetId())
}
