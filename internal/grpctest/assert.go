package grpctest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/grpcvsrest/workshop/internal/interceptor"
)

// Timeout bounds every call a test makes: a broken exercise fails in seconds
// instead of hanging the test run.
const Timeout = 10 * time.Second

// Context returns a context that carries the bearer token and a deadline,
// cancelled when the test ends.
func Context(t testing.TB, token string) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	t.Cleanup(cancel)
	return interceptor.WithToken(ctx, token)
}

// AssertCode compares status codes by name and always prints the whole
// error: on the stubs that is the TODO message telling where to go.
func AssertCode(t testing.TB, want codes.Code, err error, what string) bool {
	t.Helper()
	return assert.Equal(t, want.String(), status.Code(err).String(), say(what, err))
}

// RequireCode is AssertCode that stops the test.
func RequireCode(t testing.TB, want codes.Code, err error, what string) {
	t.Helper()
	require.Equal(t, want.String(), status.Code(err).String(), say(what, err))
}

// WatchStreams returns a server option that reports what each stream
// handler returned, and the channel it reports on. Tests use it to see that a
// handler really stops (and with which status) after its client has gone.
func WatchStreams() (grpc.ServerOption, <-chan error) {
	returned := make(chan error, 1)
	return grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
		err := h(srv, ss)
		returned <- err
		return err
	}), returned
}

// say is "what: err", or just err when there is no what.
func say(what string, err error) string {
	if what == "" {
		return fmt.Sprint(err)
	}
	return fmt.Sprintf("%s: %v", what, err)
}
