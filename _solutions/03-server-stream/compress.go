package serverstream

import (
	"context"
	"sync/atomic"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding/gzip" // importing it registers "gzip", on both sides of a process
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
func (c *WireCounter) HandleRPC(ctx context.Context, s stats.RPCStats) {
	// One InPayload per message received. (OutPayload is what we sent:
	// requests, not the stream's answers.)
	if in, ok := s.(*stats.InPayload); ok {
		c.wire.Add(int64(in.CompressedLength)) // equals Length when not compressed
		c.decoded.Add(int64(in.Length))
	}
}

// The rest of stats.Handler: the counter needs no per-call or
// per-connection state, so these do nothing.
func (c *WireCounter) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (c *WireCounter) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (c *WireCounter) HandleConn(context.Context, stats.ConnStats)                       {}

// Gzip returns the dial options of a connection whose calls are compressed
// with gzip: requests go compressed, and the server answers the same way.
func Gzip() []grpc.DialOption {
	// A call option, set as the connection's default: every call asks for
	// gzip. The server needs no option of its own: grpc-go answers with the
	// compressor a request came with, if it has it registered (the stage
	// server imports encoding/gzip for that). One call can opt in alone with
	// client.ListProducts(ctx, req, grpc.UseCompressor(gzip.Name)).
	return []grpc.DialOption{grpc.WithDefaultCallOptions(grpc.UseCompressor(gzip.Name))}
}
