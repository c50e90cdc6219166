package unary

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// A stretch exercise: metadata and trailers, the server side.
//
// Metadata is about the call, not the product: who calls (authorization),
// which request this is (a request id, for logs and traces), how long the
// server took (server timing). A field in the message is for what the API
// is about. Headers go before the first message, trailers after the last
// one, next to the status.

const (
	RequestIDHeader    = "x-request-id"  // sent by the client, or made up; always sent back
	ServerTimingHeader = "server-timing" // a trailer: the server's time for the call
)

type requestIDKey struct{}

// WithRequestID returns ctx carrying the call's request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the call's request id, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// RequestID returns an interceptor that gives every unary call a request id:
// the client's x-request-id if it sent a sound one (1 to 64 letters,
// digits, '-' or '_'), else a new random one (32 hex digits). The handler
// finds it with RequestIDFrom; the client gets it back in the x-request-id
// header, and gets a server-timing trailer ("app;dur=<milliseconds>")
// when the call ends, with an error as well as without.
func RequestID() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		start := time.Now()
		md, _ := metadata.FromIncomingContext(ctx)
		id := ""
		if ids := md.Get(RequestIDHeader); len(ids) > 0 && soundID(ids[0]) {
			id = ids[0]
		} else {
			// Never echo what you did not check: a client's id goes into
			// logs and other services' headers.
			id = newID()
		}
		// SetHeader only queues it: the header goes out with the first
		// message, or with the status if there is none.
		_ = grpc.SetHeader(ctx, metadata.Pairs(RequestIDHeader, id))
		resp, err := handler(WithRequestID(ctx, id), req)
		// A trailer travels with the status, after the handler: the place
		// for what is only known at the end.
		dur := float64(time.Since(start).Microseconds()) / 1000
		_ = grpc.SetTrailer(ctx, metadata.Pairs(ServerTimingHeader, fmt.Sprintf("app;dur=%.3f", dur)))
		return resp, err
	}
}

func soundID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_'
		if !ok {
			return false
		}
	}
	return true
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
