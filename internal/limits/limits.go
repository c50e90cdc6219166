// Package limits holds the caps every gRPC server of the workshop sets on
// what one connection may ask of it. Step 02 teaches them where it starts
// its server (02-unary/server.go and its README); the stage servers of 03
// to 07 and 06's replicas set the same.
package limits

import "google.golang.org/grpc"

const (
	// Streams is how many calls one connection may have open at once
	// (HTTP/2's SETTINGS_MAX_CONCURRENT_STREAMS). grpc-go's default is
	// "no limit": one connection could open a million streams, each a
	// goroutine and buffers. 100 is the floor RFC 9113 recommends, ten
	// times what the benchmark keeps in flight. A client past it waits for
	// a stream to end (grpc-go does) or has the extra stream refused.
	Streams = 100

	// HeaderBytes bounds a request's metadata, as HTTP/2 counts it (each
	// name and value, plus 32 bytes a field), after HPACK decoding: a 7 KB
	// compressed block can decode to 12 MB. grpc-go's default is 16 MB; 64
	// KiB is what the workshop's HTTP servers (06, 07) allow, ample for a
	// token and a request id.
	HeaderBytes = 64 << 10
)

// GRPC returns the server options that set both.
func GRPC() []grpc.ServerOption {
	return []grpc.ServerOption{
		grpc.MaxConcurrentStreams(Streams),
		grpc.MaxHeaderListSize(HeaderBytes),
	}
}
