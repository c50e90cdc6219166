package bidi

import (
	"google.golang.org/grpc/keepalive"
)

// A stretch exercise: keepalive pings both sides agree on.

// KeepalivePolicy is what the server accepts of its clients' pings
// (cmd/server gives it to grpc.KeepaliveEnforcementPolicy): at most one
// every MinTime, and whether any at all while no call is open. A client that
// pings more often is sent GOAWAY ENHANCE_YOUR_CALM "too_many_pings" and
// loses its connection. Until you write it, it is grpc-go's default: one
// ping every 5 minutes at most, none without a call.
//
// TODO(05): write it. See 05-bidi/README.md#stretch-retries-wait-for-ready-and-keepalive
func KeepalivePolicy() keepalive.EnforcementPolicy {
	return keepalive.EnforcementPolicy{}
}

// KeepaliveParams is how the client pings (cmd/client -resilient gives it to
// grpc.WithKeepaliveParams): after Time with nothing received it pings, after
// Timeout more with no answer it calls the connection dead, and
// PermitWithoutStream says whether it pings while no call is open. It must be
// what KeepalivePolicy accepts. Until you write it, the client never pings.
//
// TODO(05): write it. See 05-bidi/README.md#stretch-retries-wait-for-ready-and-keepalive
func KeepaliveParams() keepalive.ClientParameters {
	return keepalive.ClientParameters{}
}
