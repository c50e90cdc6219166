package serverstream

import (
	"context"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/stats"
)

// A stretch exercise: compressing a stream, and measuring what it saves.

// WireCounter counts the messages one client connection receives, in bytes:
// as they came over the wire (compressed, when they were; without gRPC's
// 5-byte frame header) and as they are once decoded. Give it to
// grpc.WithStatsHandler: gRPC then calls it for every event of every call.
type WireCounter struct {
	wire, decoded atomic.Int64 // many calls may report at once
}

// Wire is the bytes received as they travelled, so far.
func (c *WireCounter) Wire() int64 { return c.wire.Load() }

// Decoded is the same messages' bytes once decompressed.
func (c *WireCounter) Decoded() int64 { return c.decoded.Load() }

// HandleRPC is called for each event of a call: its start, headers, each
// message sent or received, trailers, its end. Count the received messages.
//
// TODO(03): write it. See 03-server-stream/README.md#stretch-compress-the-stream
func (c *WireCounter) HandleRPC(ctx context.Context, s stats.RPCStats) {}

// The rest of stats.Handler: the counter needs no per-call or
// per-connection state, so these do nothing.
func (c *WireCounter) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (c *WireCounter) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (c *WireCounter) HandleConn(context.Context, stats.ConnStats)                       {}

// Gzip returns the dial options of a connection whose calls are compressed
// with gzip: requests go compressed, and the server answers the same way.
//
// TODO(03): write it. See 03-server-stream/README.md#stretch-compress-the-stream
func Gzip() []grpc.DialOption { return nil }
