package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -mtls makes the certificates, writes the CA's certificate where
// -tls-ca-out says and a client's key outside the repository, says how to
// use them, and removes the key at stop. (Whether the connection is TLS
// is your ServerCredentials' part: 02-unary/tls_test.go tests it.)
func TestRunWritesTheCertificates(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-mtls", "-tls-ca-out", caFile}, stdout)
		stdout.Close()
	}()

	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan())
	addr, ok := strings.CutPrefix(lines.Text(), "listening on ")
	require.True(t, ok, lines.Text())
	var hints []string
	for range 3 { // one for TLS, two for mTLS (whose grpcurl line sends the client's certificate)
		require.True(t, lines.Scan())
		hints = append(hints, lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()

	all := strings.Join(hints, "\n")
	assert.Contains(t, all, "grpcurl -cacert "+caFile+" -cert ")
	assert.Contains(t, all, " "+addr+" list")
	assert.FileExists(t, caFile)
	i := strings.Index(all, " -key ")
	require.Positive(t, i, all)
	keyFile := strings.Fields(all[i:])[1]
	assert.FileExists(t, keyFile)
	assert.False(t, strings.HasPrefix(keyFile, repoRoot(t)), "the key is written outside the repository: %s", keyFile)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop within 5s")
	}
	_, err := os.Stat(keyFile)
	assert.True(t, errors.Is(err, os.ErrNotExist), "the key is removed at stop")
}

func repoRoot(t *testing.T) string {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	return root
}
