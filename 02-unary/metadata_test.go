package unary

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

const (
	todoRequestID = "TODO(02): write RequestID in 02-unary/request_id.go -- see 02-unary/README.md#stretch-metadata-and-trailers"
	todoCallInfo  = "TODO(02): write GetWithInfo in 02-unary/call_info.go -- see 02-unary/README.md#stretch-metadata-and-trailers"
)

var (
	madeID = regexp.MustCompile(`^[0-9a-f]{32}$`)
	timing = regexp.MustCompile(`^app;dur=\d+(\.\d+)?$`)
)

// getRaw calls GetProduct with the given x-request-id (none if "") and
// returns what came back in the header and the trailer.
func getRaw(t *testing.T, ts *testServer, ctx context.Context, id, requestID string) (header, trailer metadata.MD, err error) {
	if requestID != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, RequestIDHeader, requestID)
	}
	_, err = ts.client.GetProduct(ctx, &pb.GetProductRequest{ProductId: id}, grpc.Header(&header), grpc.Trailer(&trailer))
	return header, trailer, err
}

// seenByHandler records the request id the handler's context carries.
func seenByHandler(got *string) grpc.ServerOption {
	return grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		*got = RequestIDFrom(ctx)
		return h(ctx, req)
	})
}

func TestRequestID(t *testing.T) {
	cases := []struct {
		name, sent string
		echoed     bool // else a new one is made
	}{
		{"a sound id is echoed", "checkout-7f3a_01", true},
		{"none sent: one is made", "", false},
		{"too long: replaced", strings.Repeat("a", 65), false},
		{"a space: replaced", "abc def", false},
		{"punctuation: replaced (the id goes into log lines)", "abc level=ERROR msg=\"forged\"", false},
		{"a quote: replaced", `abc"def`, false},
		{"an equals sign: replaced", "level=ERROR", false},
		{"a slash: replaced", "../../etc", false},
		{"64 characters: the longest echoed", strings.Repeat("b", 64), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var inHandler string
			ts := startServer(t, seenByHandler(&inHandler))
			header, trailer, err := getRaw(t, ts, authCtx(t), "prod-001", tc.sent)
			require.NoError(t, err)
			got := header.Get(RequestIDHeader)
			require.Len(t, got, 1, "%s: one x-request-id header comes back", todoRequestID)
			if tc.echoed {
				assert.Equal(t, tc.sent, got[0], "the client's own id comes back")
			} else {
				assert.Regexp(t, madeID, got[0], "a new id: 32 hex digits")
			}
			assert.Equal(t, got[0], inHandler, "the handler's context carries the same id (RequestIDFrom)")
			assert.Regexp(t, timing, strings.Join(trailer.Get(ServerTimingHeader), ","), "one server-timing trailer: app;dur=<ms>")
		})
	}
}

func TestRequestIDIsNewForEveryCall(t *testing.T) {
	ts := startServer(t)
	a, _, err := getRaw(t, ts, authCtx(t), "prod-001", "")
	require.NoError(t, err)
	b, _, err := getRaw(t, ts, authCtx(t), "prod-001", "")
	require.NoError(t, err)
	require.NotEmpty(t, a.Get(RequestIDHeader), todoRequestID)
	assert.NotEqual(t, a.Get(RequestIDHeader), b.Get(RequestIDHeader), "each call its own id")
}

// The interceptor is the first of the chain (server.go), so every answer
// carries the id and the timing: a refusal by auth and an error of the
// handler too. Those are the calls someone asks about.
func TestRequestIDOnFailedCalls(t *testing.T) {
	ts := startServer(t)
	for _, tc := range []struct {
		name string
		ctx  context.Context
		id   string
		code codes.Code
	}{
		{"refused by auth", context.Background(), "prod-001", codes.Unauthenticated},
		{"not found", authCtx(t), "prod-999", codes.NotFound},
	} {
		ctx, cancel := context.WithTimeout(tc.ctx, 5*time.Second)
		header, trailer, err := getRaw(t, ts, ctx, tc.id, "ask-me-about-this")
		cancel()
		assertCode(t, tc.code, err, tc.name)
		assert.Equal(t, []string{"ask-me-about-this"}, header.Get(RequestIDHeader), "%s: %s", tc.name, todoRequestID)
		assert.Len(t, trailer.Get(ServerTimingHeader), 1, "%s: the trailer comes with the error", tc.name)
	}
}

func TestGetWithInfo(t *testing.T) {
	ts := startServer(t)
	p, info, err := GetWithInfo(authCtx(t), ts.client, "prod-001", "trace-42", time.Second)
	require.NoError(t, err, todoCallInfo)
	assert.Equal(t, "prod-001", p.GetId())
	assert.Equal(t, "trace-42", info.RequestID, "the id sent comes back in the header")
	assert.Regexp(t, timing, info.ServerTiming, "the trailer's server-timing")

	_, info, err = GetWithInfo(authCtx(t), ts.client, "prod-001", "", time.Second)
	require.NoError(t, err, "the token travels with the request id: append to the outgoing metadata, do not replace it")
	assert.Regexp(t, madeID, info.RequestID, "no id sent: the server's own comes back")
}

func TestGetWithInfoWhenTheCallFails(t *testing.T) {
	ts := startServer(t)
	_, info, err := GetWithInfo(authCtx(t), ts.client, "prod-999", "trace-43", time.Second)
	assertCode(t, codes.NotFound, err, todoCallInfo)
	assert.Equal(t, "trace-43", info.RequestID, "a failed call's header still says which request it was")
	assert.Regexp(t, timing, info.ServerTiming, "and its trailer still comes")
}

func TestGetWithInfoKeepsItsDeadline(t *testing.T) {
	var deadline time.Duration
	ts := startServer(t, grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		if d, ok := ctx.Deadline(); ok {
			deadline = time.Until(d)
		}
		return h(ctx, req)
	}))
	_, _, err := GetWithInfo(authCtx(t), ts.client, "prod-001", "", 300*time.Millisecond)
	require.NoError(t, err, todoCallInfo)
	assert.Greater(t, deadline, time.Duration(0), "the call carries a deadline")
	assert.LessOrEqual(t, deadline, 300*time.Millisecond, "at most timeout")
}
