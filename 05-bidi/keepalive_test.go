package bidi

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"google.golang.org/grpc"
)

// The tests for the stretch exercise in keepalive.go: KeepalivePolicy and
// KeepaliveParams.

const todoKeepalive = "TODO(05): write KeepalivePolicy and KeepaliveParams in 05-bidi/keepalive.go -- see 05-bidi/README.md#stretch-retries-wait-for-ready-and-keepalive"

// grpc-go's client pings every 10 s at most, whatever Time says.
const minClientPing = 10 * time.Second

func TestKeepaliveClientPingsInTime(t *testing.T) {
	p := KeepaliveParams()
	require.NotZero(t, p.Time, "KeepaliveParams sets no Time: the client never pings. %s", todoKeepalive)
	assert.GreaterOrEqual(t, p.Time, minClientPing, "grpc-go pings every 10 s at most: a shorter Time is not what you get")
	assert.Less(t, p.Time, time.Minute, "many load balancers and NATs drop a connection idle for a minute: ping sooner")
	assert.Positive(t, p.Timeout, "Timeout: how long to wait for a ping's answer before the connection is called dead")
	assert.Less(t, p.Timeout, p.Time, "Timeout: a few seconds, shorter than Time")
}

func TestKeepaliveClientAndServerAgree(t *testing.T) {
	policy, params := KeepalivePolicy(), KeepaliveParams()
	require.NotZero(t, policy.MinTime,
		"KeepalivePolicy sets no MinTime, so it is grpc-go's 5 minutes: a client pinging more often is sent GOAWAY too_many_pings. %s", todoKeepalive)
	assert.GreaterOrEqual(t, policy.MinTime, 5*time.Second,
		"a server that accepts pings more often than every 5 s lets one client keep it busy answering them")
	assert.LessOrEqual(t, policy.MinTime, params.Time,
		"the client pings every %v, more often than the server accepts (MinTime %v): GOAWAY too_many_pings", params.Time, policy.MinTime)
	if params.PermitWithoutStream {
		assert.True(t, policy.PermitWithoutStream,
			"the client pings while no call is open, and the server refuses that: GOAWAY too_many_pings on every idle connection")
	}
}

// What disagreement looks like on the wire: a client that pings more often
// than the server's policy allows. A grpc-go client cannot ping faster than
// every 10 s, so the test speaks HTTP/2 itself: the client preface,
// SETTINGS, then PINGs with no call open, each sent once the one before is
// answered. The server counts a strike for each ping that came too soon; at
// the third it sends GOAWAY with ENHANCE_YOUR_CALM and "too_many_pings",
// and closes the connection.
func TestKeepaliveServerRefusesTooManyPings(t *testing.T) {
	addr, _ := serveTCP(t, "127.0.0.1:0", seeded(), grpc.KeepaliveEnforcementPolicy(KeepalivePolicy()))
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(3*time.Second))) // the test's own bound
	start := time.Now()

	_, err = io.WriteString(conn, http2.ClientPreface)
	require.NoError(t, err)
	fr := http2.NewFramer(conn, conn)
	require.NoError(t, fr.WriteSettings())
	pings := 1
	require.NoError(t, fr.WritePing(false, [8]byte{byte(pings)}))
	for {
		f, err := fr.ReadFrame()
		require.NoError(t, err, "the connection ended, or went quiet, with no GOAWAY after %d pings", pings)
		switch f := f.(type) {
		case *http2.SettingsFrame:
			if !f.IsAck() {
				require.NoError(t, fr.WriteSettingsAck())
			}
		case *http2.PingFrame:
			if f.IsAck() && pings < 10 { // answered: the next one, too soon
				pings++
				require.NoError(t, fr.WritePing(false, [8]byte{byte(pings)}))
			}
		case *http2.GoAwayFrame:
			assert.Equal(t, http2.ErrCodeEnhanceYourCalm, f.ErrCode)
			assert.Equal(t, "too_many_pings", string(f.DebugData()))
			assert.Less(t, time.Since(start), 2*time.Second)
			t.Logf("GOAWAY %v %q after %d pings in %v", f.ErrCode, f.DebugData(), pings, time.Since(start).Round(time.Millisecond))
			return
		}
	}
}
