package serve

import (
	"context"
	"fmt"
	"net"
	"time"
)

// Programs the lessons start beside the Go servers (haproxy, nginx) must be
// told their port: they cannot listen on port 0 and say which one they got.

// FreeAddrs returns n loopback addresses that were free a moment ago. All
// are held open together, so they differ.
func FreeAddrs(n int) ([]string, error) {
	var addrs []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// WaitListening waits, at most 10 s, until every address accepts a
// connection, or the program ends first: exited receives its end (from
// cmd.Wait), and is given it back for the caller's Stop.
func WaitListening(ctx context.Context, exited chan error, addrs ...string) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for _, addr := range addrs {
		for {
			c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
			if err == nil {
				_ = c.Close()
				break
			}
			select {
			case err := <-exited:
				exited <- err
				return fmt.Errorf("exited (%v)", err)
			case <-ctx.Done():
				return fmt.Errorf("does not listen on %s", addr)
			case <-tick.C:
			}
		}
	}
	return nil
}
