// Package scrape serves a server's metrics on a port of their own, for
// Prometheus to scrape. Their own port because a gRPC port speaks only
// gRPC, and because metrics are for the operators' network, not for every
// client: this port asks for no token, so keep it off the open internet.
package scrape

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// Serve listens on addr and serves h at /metrics in the background. It
// returns the URL to scrape, and stop, which closes the port and waits
// until the server has stopped.
func Serve(addr string, h http.Handler) (url string, stop func(), err error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second, // a client that never finishes its headers is cut
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(lis) // returns at Close
	}()
	// A scrape takes milliseconds: closing at once loses nothing worth a
	// graceful wait.
	return "http://" + lis.Addr().String() + "/metrics", func() { _ = srv.Close(); <-done }, nil
}

// Hint is the line a server prints about its metrics: a format with one
// %s, the address whose calls are counted (as serve.GRPC's hints are).
func Hint(url string) string {
	return "metrics: the calls to %s are counted at " + strings.ReplaceAll(url, "%", "%%")
}
