package bidi

import (
	"time"

	"google.golang.org/grpc/keepalive"
)

// A stretch exercise: keepalive pings both sides agree on.

// KeepalivePolicy is what the server accepts of its clients' pings
// (cmd/server gives it to grpc.KeepaliveEnforcementPolicy): at most one
// every MinTime, and whether any at all while no call is open. A client that
// pings more often is sent GOAWAY ENHANCE_YOUR_CALM "too_many_pings" and
// loses its connection.
//
// 20 s is below the client's 30 s, with room for network delay, and far
// above what would let one client keep the server busy answering pings.
// Pings without a call are allowed because the client sends them: they
// keep an idle connection open for the next call.
func KeepalivePolicy() keepalive.EnforcementPolicy {
	return keepalive.EnforcementPolicy{MinTime: 20 * time.Second, PermitWithoutStream: true}
}

// KeepaliveParams is how the client pings (cmd/client -resilient gives it to
// grpc.WithKeepaliveParams): after Time with nothing received it pings, after
// Timeout more with no answer it calls the connection dead, and
// PermitWithoutStream says whether it pings while no call is open. It must be
// what KeepalivePolicy accepts.
//
// Every 30 s: under the minute after which many load balancers and NATs
// drop an idle connection. A dead server is noticed 5 s after a ping goes
// unanswered, not when the kernel gives up on TCP minutes later.
func KeepaliveParams() keepalive.ClientParameters {
	return keepalive.ClientParameters{Time: 30 * time.Second, Timeout: 5 * time.Second, PermitWithoutStream: true}
}
