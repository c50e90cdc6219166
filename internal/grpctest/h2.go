package grpctest

import (
	"bytes"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	"google.golang.org/grpc"

	"github.com/grpcvsrest/workshop/internal/limits"
)

// H2 is a raw HTTP/2 connection to a gRPC server: a client that sends what
// it likes, whatever the server's SETTINGS say, as an attacker would. A
// grpc-go client obeys the settings, so it cannot show that a server
// enforces them. Tests use H2 to see each limit hold.
type H2 struct {
	t        testing.TB
	conn     net.Conn
	fr       *http2.Framer
	Settings map[http2.SettingID]uint32 // what the server announced
	next     uint32                     // the next stream id
	ended    map[uint32]string          // streams that ended, and how
	writeErr error                      // the first write that failed: the server closed
}

// DialH2 connects to addr, exchanges the preface and SETTINGS, and returns
// the connection once the server's SETTINGS arrived. It is closed when the
// test ends; every read has the test's own deadline.
func DialH2(t testing.TB, addr string) *H2 {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	_, err = conn.Write([]byte(http2.ClientPreface))
	require.NoError(t, err)
	c := &H2{t: t, conn: conn, fr: http2.NewFramer(conn, conn), Settings: map[http2.SettingID]uint32{}, next: 1, ended: map[uint32]string{}}
	c.fr.ReadMetaHeaders = hpack.NewDecoder(4096, nil)
	require.NoError(t, c.fr.WriteSettings())
	for {
		f, err := c.fr.ReadFrame()
		require.NoError(t, err, "no SETTINGS from the server")
		if s, ok := f.(*http2.SettingsFrame); ok && !s.IsAck() {
			_ = s.ForeachSetting(func(s http2.Setting) error { c.Settings[s.ID] = s.Val; return nil })
			require.NoError(t, c.fr.WriteSettingsAck())
			return c
		}
	}
}

// Call starts a call of method (a full name, "/pkg.Service/Method") with
// the given extra metadata and one empty request message, and returns its
// stream id. The metadata may be any size: its HPACK block goes out in as
// many frames as it takes.
func (c *H2) Call(method string, extra ...hpack.HeaderField) uint32 {
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, f := range append(callHeaders(method), extra...) {
		require.NoError(c.t, enc.WriteField(f))
	}
	return c.CallWithBlock(block.Bytes())
}

// CallWithBlock is Call with a ready-made HPACK block: the pseudo-headers
// and metadata encoded by the caller, e.g. to reference one big header of
// HPACK's dynamic table many times over.
func (c *H2) CallWithBlock(block []byte) uint32 {
	id := c.next
	c.next += 2
	const chunk = 16 << 10 // SETTINGS_MAX_FRAME_SIZE's default
	first := block[:min(chunk, len(block))]
	rest := block[len(first):]
	// A server may close the connection part-way through: the writes then
	// fail, and Outcome says so.
	c.write(c.fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: first, EndHeaders: len(rest) == 0}))
	for len(rest) > 0 {
		n := min(chunk, len(rest))
		c.write(c.fr.WriteContinuation(id, n == len(rest), rest[:n]))
		rest = rest[n:]
	}
	c.write(c.fr.WriteData(id, true, []byte{0, 0, 0, 0, 0})) // one empty message
	return id
}

func (c *H2) write(err error) {
	if c.writeErr == nil {
		c.writeErr = err
	}
}

// Outcome reads frames until stream id ends and says how: "grpc-status N"
// (the server ran the call), "RST_STREAM CODE" (it refused the stream), or
// "GOAWAY CODE" / "closed: ..." (it ended the connection).
func (c *H2) Outcome(id uint32) string {
	for {
		if how, ok := c.ended[id]; ok {
			return how
		}
		f, err := c.fr.ReadFrame()
		if err != nil {
			if c.writeErr != nil {
				err = c.writeErr
			}
			return "closed: " + err.Error()
		}
		switch f := f.(type) {
		case *http2.MetaHeadersFrame:
			if s := f.PseudoValue("status"); s != "" && s != "200" {
				c.ended[f.StreamID] = "http " + s
			} else if v := metaValue(f, "grpc-status"); v != "" {
				c.ended[f.StreamID] = "grpc-status " + v
			}
		case *http2.RSTStreamFrame:
			c.ended[f.StreamID] = "RST_STREAM " + f.ErrCode.String()
		case *http2.GoAwayFrame:
			return "GOAWAY " + f.ErrCode.String()
		case *http2.SettingsFrame:
			if !f.IsAck() {
				require.NoError(c.t, c.fr.WriteSettingsAck())
			}
		case *http2.PingFrame:
			if !f.IsAck() {
				require.NoError(c.t, c.fr.WritePing(true, f.Data))
			}
		}
	}
}

// callHeaders are what every gRPC call over HTTP/2 starts with.
func callHeaders(method string) []hpack.HeaderField {
	return []hpack.HeaderField{
		{Name: ":method", Value: "POST"}, {Name: ":scheme", Value: "http"},
		{Name: ":path", Value: method}, {Name: ":authority", Value: "probe"},
		{Name: "content-type", Value: "application/grpc"}, {Name: "te", Value: "trailers"},
	}
}

func metaValue(f *http2.MetaHeadersFrame, name string) string {
	for _, h := range f.Fields {
		if h.Name == name {
			return h.Value
		}
	}
	return ""
}

// HPACKBomb is an HPACK block of a call to method that decodes to about
// size bytes of metadata: one 4 KB header put in the dynamic table once,
// then referenced by its one-byte index again and again.
func HPACKBomb(method string, size int) []byte {
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, f := range callHeaders(method) {
		_ = enc.WriteField(f)
	}
	big := hpack.HeaderField{Name: "x-big", Value: string(bytes.Repeat([]byte("a"), 4000))}
	_ = enc.WriteField(big) // literal with incremental indexing: now dynamic entry 62
	for range size / int(big.Size()) {
		block.WriteByte(0x80 | 62) // indexed header field, index 62
	}
	return block.Bytes()
}

// String names the connection in test output.
func (c *H2) String() string { return fmt.Sprintf("h2 %s", c.conn.RemoteAddr()) }

// AssertLimits serves srv on a loopback port and checks it announces the
// workshop's limits (internal/limits) in its SETTINGS: how many calls a
// connection may have open, and how large a request's metadata may be.
// (internal/limits' own test shows a server with them refusing more.)
func AssertLimits(t *testing.T, srv *grpc.Server) {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(lis) }()
	defer func() { srv.Stop(); <-done }()
	c := DialH2(t, lis.Addr().String())
	assert.EqualValues(t, limits.Streams, c.Settings[http2.SettingMaxConcurrentStreams],
		"SETTINGS_MAX_CONCURRENT_STREAMS: grpc.MaxConcurrentStreams is not set (grpc-go's default: no limit)")
	assert.EqualValues(t, limits.HeaderBytes, c.Settings[http2.SettingMaxHeaderListSize],
		"SETTINGS_MAX_HEADER_LIST_SIZE: grpc.MaxHeaderListSize is not set (grpc-go's default: 16 MB)")
}
