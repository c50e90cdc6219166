package bidi

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
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// The tests for the client exercises: UpdateAll in client.go and
// UpdateWindowed in window.go. They run against your ProductUpdates.

const (
	todoUpdateAll = "TODO(05): write UpdateAll in 05-bidi/client.go -- see 05-bidi/README.md#write-the-client"
	todoWindow    = "TODO(05): write UpdateWindowed in 05-bidi/window.go -- see 05-bidi/README.md#stretch-a-window-of-updates"
)

// startTightServer is startServer with HTTP/2 windows fixed at 64 KiB both
// ways (grpc-go grows them by default), so a few thousand updates fill them.
func startTightServer(t *testing.T, extra []grpc.ServerOption, dial ...grpc.DialOption) pb.ProductServiceClient {
	t.Helper()
	opts := append([]grpc.ServerOption{grpc.InitialWindowSize(64 << 10), grpc.InitialConnWindowSize(64 << 10)}, extra...)
	srv, _ := stage.NewServer(&Service{store: seeded()}, stage.Config{Token: testToken, Logger: quiet}, opts...)
	dial = append([]grpc.DialOption{grpc.WithInitialWindowSize(64 << 10), grpc.WithInitialConnWindowSize(64 << 10)}, dial...)
	return pb.NewProductServiceClient(grpctest.Dial(t, srv, dial...))
}

func TestUpdateAll(t *testing.T) {
	client := startTightServer(t, nil)

	got, err := UpdateAll(authCtx(t), client, []*pb.ProductUpdateRequest{
		price("prod-001", 12.5), price("prod-999", 1), stock("prod-002", 1),
	})

	require.NoError(t, err, todoUpdateAll)
	require.Len(t, got, 3, "one answer per update")
	assert.Equal(t, 12.5, got[0].GetProduct().GetPrice())
	assert.Equal(t, codes.NotFound, codes.Code(got[1].GetError().GetCode()), "a refusal is an answer too")
	assert.Equal(t, "prod-002", got[2].GetProductId(), "in order")
}

// Nothing to send: the client half-closes at once and the server ends the
// stream with OK. A client that never calls CloseSend waits forever here.
func TestUpdateAllHalfCloses(t *testing.T) {
	client := startTightServer(t, nil)
	ctx, cancel := context.WithTimeout(authCtx(t), 5*time.Second)
	defer cancel()

	got, err := UpdateAll(ctx, client, nil)

	require.NoError(t, err, "%s\n(DeadlineExceeded here means the server never heard \"no more updates\": CloseSend)", todoUpdateAll)
	assert.Empty(t, got)
}

// 10,000 updates through 64 KiB windows. A client that sends everything
// before it reads deadlocks: the server blocks sending answers nobody reads,
// so it stops reading, so the client blocks sending. Only a client that
// sends and receives at once gets through.
func TestUpdateAllSendsAndReceivesAtOnce(t *testing.T) {
	client := startTightServer(t, nil)
	updates := make([]*pb.ProductUpdateRequest, 10_000)
	for i := range updates {
		updates[i] = stock("prod-007", 1)
	}
	ctx, cancel := context.WithTimeout(authCtx(t), 10*time.Second)
	defer cancel()

	got, err := UpdateAll(ctx, client, updates)

	require.NoError(t, err, "%s\n(DeadlineExceeded here is the deadlock: send from one goroutine, receive in another)", todoUpdateAll)
	require.Len(t, got, len(updates))
	assert.Equal(t, got[0].GetProduct().GetStockQuantity()+9_999, got[9_999].GetProduct().GetStockQuantity(), "in order")
}

// failAfter ends the stream with Unavailable when the server tries to send
// its fourth answer.
func failAfter(n int32) grpc.ServerOption {
	return grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		return h(srv, &failingStream{ServerStream: ss, left: n})
	})
}

type failingStream struct {
	grpc.ServerStream
	left int32
}

func (f *failingStream) SendMsg(m any) error {
	if f.left == 0 {
		return status.Error(codes.Unavailable, "the server went away on purpose")
	}
	f.left--
	return f.ServerStream.SendMsg(m)
}

func TestUpdateAllReportsTheStreamsError(t *testing.T) {
	client := startTightServer(t, []grpc.ServerOption{failAfter(3)})
	updates := make([]*pb.ProductUpdateRequest, 1000)
	for i := range updates {
		updates[i] = stock("prod-007", 1)
	}

	got, err := UpdateAll(authCtx(t), client, updates)

	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(), "%s\nthe stream's status, as it came: %v", todoUpdateAll, err)
	assert.Len(t, got, 3, "the answers before the failure")
	// goleak (TestMain) then checks that your sending goroutine ended too.
}

// sendsAfterTheEnd counts the client's Send calls made after a Send has
// already failed: the stream is over by then, and each is wasted work.
func sendsAfterTheEnd(after *atomic.Int32) grpc.DialOption {
	return grpc.WithStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, opts...)
		return &endedStream{ClientStream: cs, after: after}, err
	})
}

type endedStream struct {
	grpc.ClientStream
	ended atomic.Bool
	after *atomic.Int32
}

func (e *endedStream) SendMsg(m any) error {
	if e.ended.Load() {
		e.after.Add(1)
	}
	err := e.ClientStream.SendMsg(m)
	if err != nil {
		e.ended.Store(true)
	}
	return err
}

// When the server ends the stream, Send returns io.EOF: the stream is
// over, and the reason is Recv's to tell. A client that carries on sends
// every remaining update into nothing.
func TestUpdateAllStopsSendingWhenTheStreamFails(t *testing.T) {
	var after atomic.Int32
	client := startTightServer(t, []grpc.ServerOption{failAfter(0)}, sendsAfterTheEnd(&after))
	updates := make([]*pb.ProductUpdateRequest, 10_000)
	for i := range updates {
		updates[i] = stock("prod-007", 1)
	}

	_, err := UpdateAll(authCtx(t), client, updates)

	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(), "%s\nthe stream's status, as it came: %v", todoUpdateAll, err)
	assert.Zero(t, after.Load(), "Send was called %d times after a Send had failed: once Send returns io.EOF, stop sending (Recv has the status)", after.Load())
}

// countOutstanding counts, on the client, updates sent and not yet answered.
func countOutstanding(maxSeen *atomic.Int32) grpc.DialOption {
	return grpc.WithStreamInterceptor(func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, opts...)
		return &countingStream{ClientStream: cs, max: maxSeen}, err
	})
}

type countingStream struct {
	grpc.ClientStream
	sent, answered atomic.Int32
	max            *atomic.Int32
}

func (c *countingStream) SendMsg(m any) error {
	out := c.sent.Add(1) - c.answered.Load()
	for seen := c.max.Load(); out > seen && !c.max.CompareAndSwap(seen, out); seen = c.max.Load() {
	}
	return c.ClientStream.SendMsg(m)
}

func (c *countingStream) RecvMsg(m any) error {
	err := c.ClientStream.RecvMsg(m)
	if err == nil {
		c.answered.Add(1)
	}
	return err
}

func TestUpdateWindowed(t *testing.T) {
	for _, window := range []int{1, 16} {
		var maxSeen atomic.Int32
		client := startTightServer(t, nil, countOutstanding(&maxSeen))
		updates := make([]*pb.ProductUpdateRequest, 2000)
		for i := range updates {
			updates[i] = stock("prod-008", 1)
		}

		got, err := UpdateWindowed(authCtx(t), client, updates, window)

		require.NoError(t, err, todoWindow)
		require.Len(t, got, len(updates))
		assert.LessOrEqual(t, maxSeen.Load(), int32(window), "window %d: more updates were out at once", window)
		if window > 1 {
			assert.Greater(t, maxSeen.Load(), int32(1), "window %d: the client never sent ahead of the answers", window)
		}
	}
}

func TestUpdateWindowedReportsTheStreamsError(t *testing.T) {
	client := startTightServer(t, []grpc.ServerOption{failAfter(3)})
	updates := make([]*pb.ProductUpdateRequest, 100)
	for i := range updates {
		updates[i] = stock("prod-007", 1)
	}

	got, err := UpdateWindowed(authCtx(t), client, updates, 8)

	assert.Equal(t, codes.Unavailable.String(), status.Code(err).String(), "%s\n%v", todoWindow, err)
	assert.Len(t, got, 3)
}

// The stream fails before its first answer while the window is full: the sender must stop waiting.
func TestUpdateWindowedStopsWhenTheStreamFails(t *testing.T) {
	client := startTightServer(t, []grpc.ServerOption{failAfter(0)})
	updates := make([]*pb.ProductUpdateRequest, 100)
	for i := range updates {
		updates[i] = stock("prod-007", 1)
	}
	type result struct {
		got []*pb.ProductUpdateResponse
		err error
	}
	done := make(chan result, 1)
	go func() {
		got, err := UpdateWindowed(authCtx(t), client, updates, 1)
		done <- result{got, err}
	}()
	select {
	case r := <-done:
		assert.Equal(t, codes.Unavailable.String(), status.Code(r.err).String(), "%s\n%v", todoWindow, r.err)
		assert.Empty(t, r.got)
	case <-time.After(5 * time.Second):
		t.Fatal("UpdateWindowed did not return: its sender waits for a permit forever (select on ctx.Done too)")
	}
}
