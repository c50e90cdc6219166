package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The binary's code path on a real port, over HTTP/1.1 and over h2c.
func TestRunServesBothProtocolsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-token", "t"}, stdout); stdout.Close() }()
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	require.True(t, ok, lines.Text())
	go func() { _, _ = io.Copy(io.Discard, out) }()

	var h2c http.Protocols
	h2c.SetUnencryptedHTTP2(true)
	for name, client := range map[string]*http.Client{
		"HTTP/1.1": {Timeout: 5 * time.Second},
		"HTTP/2.0": {Timeout: 5 * time.Second, Transport: &http.Transport{Protocols: &h2c}},
	} {
		req, err := http.NewRequest(http.MethodGet, "http://"+addr+"/products/prod-001", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer t")
		resp, err := client.Do(req)
		require.NoError(t, err, name)
		_ = resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, name)
		assert.Equal(t, name, resp.Proto)
		client.CloseIdleConnections()
	}

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5s")
	}
}
