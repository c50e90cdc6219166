package bench

import (
	"net"
	"sync/atomic"
)

// countingListener counts the connections a server accepts and the bytes
// they carry, so connection reuse is measured, not assumed, and "bytes on
// the wire" includes every header and frame, not just the payload.
type countingListener struct {
	net.Listener
	accepted atomic.Int64
	bytes    atomic.Int64 // read + written, all connections
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.accepted.Add(1)
	return &countingConn{Conn: c, total: &l.bytes}, nil
}

type countingConn struct {
	net.Conn
	total *atomic.Int64
}

func (c *countingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.total.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.total.Add(int64(n))
	return n, err
}
