package certs

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newCA(t *testing.T) *CA {
	t.Helper()
	ca, err := NewCA("test CA")
	require.NoError(t, err)
	return ca
}

func verify(ca *CA, c tls.Certificate, name string, usage x509.ExtKeyUsage) error {
	_, err := c.Leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: name, KeyUsages: []x509.ExtKeyUsage{usage}})
	return err
}

func TestServerIsValidForLoopback(t *testing.T) {
	ca := newCA(t)
	c, err := ca.Server()
	require.NoError(t, err)
	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		assert.NoError(t, verify(ca, c, name, x509.ExtKeyUsageServerAuth), name)
	}
	assert.Error(t, verify(ca, c, "example.com", x509.ExtKeyUsageServerAuth))
	assert.Error(t, verify(newCA(t), c, "localhost", x509.ExtKeyUsageServerAuth), "another CA did not sign it")
	assert.Error(t, verify(ca, c, "localhost", x509.ExtKeyUsageClientAuth), "a server certificate is not a client's")
	assert.LessOrEqual(t, c.Leaf.NotAfter.Sub(c.Leaf.NotBefore), Validity+2*time.Minute, "short validity")
}

func TestTheVariants(t *testing.T) {
	ca := newCA(t)
	client, err := ca.Client("alice")
	require.NoError(t, err)
	assert.NoError(t, verify(ca, client, "", x509.ExtKeyUsageClientAuth))
	assert.Equal(t, "alice", client.Leaf.Subject.CommonName)

	expired, err := ca.ExpiredServer()
	require.NoError(t, err)
	var invalid x509.CertificateInvalidError
	require.ErrorAs(t, verify(ca, expired, "localhost", x509.ExtKeyUsageServerAuth), &invalid)
	assert.Equal(t, x509.Expired, invalid.Reason)

	other, err := ca.ServerFor("other.example")
	require.NoError(t, err)
	assert.NoError(t, verify(ca, other, "other.example", x509.ExtKeyUsageServerAuth))
	assert.ErrorContains(t, verify(ca, other, "localhost", x509.ExtKeyUsageServerAuth), "valid for other.example, not localhost")
}

// The CA's file holds its certificate and nothing else: no key.
func TestWriteCertFileWritesNoKey(t *testing.T) {
	ca := newCA(t)
	path := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, ca.WriteCertFile(path))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	block, rest := pem.Decode(b)
	require.NotNil(t, block)
	assert.Equal(t, "CERTIFICATE", block.Type)
	assert.Empty(t, strings.TrimSpace(string(rest)), "one block only")
	assert.NotContains(t, string(b), keyBlock)
	pool := x509.NewCertPool()
	assert.True(t, pool.AppendCertsFromPEM(b))
}

func TestWriteKeyPair(t *testing.T) {
	ca := newCA(t)
	client, err := ca.Client("bob")
	require.NoError(t, err)
	certFile, keyFile, err := WriteKeyPair(t.TempDir(), "client", client)
	require.NoError(t, err)
	info, err := os.Stat(keyFile)
	require.NoError(t, err)
	if runtime.GOOS != "windows" { // Windows has no Unix modes: Go reports 0666 for any file it may write
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the key is the owner's only")
	}
	loaded, err := tls.LoadX509KeyPair(certFile, keyFile)
	require.NoError(t, err, "grpcurl -cert -key reads the same files")
	assert.Equal(t, client.Certificate, loaded.Certificate)
}

func TestWriteKeyPairRefusesAGitTree(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	inside := filepath.Join(repo, "testdata")
	require.NoError(t, os.Mkdir(inside, 0o755))
	client, err := newCA(t).Client("bob")
	require.NoError(t, err)
	_, _, err = WriteKeyPair(inside, "client", client)
	assert.ErrorContains(t, err, "inside the git work tree")
	entries, err := os.ReadDir(inside)
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing written")
}

func TestDemo(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	d, err := NewDemo(caFile, false)
	require.NoError(t, err)
	assert.Nil(t, d.ClientCAs, "TLS only")
	assert.NoError(t, d.Close())
	assert.FileExists(t, caFile)
	assertHints(t, d.Hints, "-cacert "+caFile+" 127.0.0.1:1 list")

	d, err = NewDemo(caFile, true)
	require.NoError(t, err)
	require.NotNil(t, d.ClientCAs)
	require.NotEmpty(t, d.dir)
	_, inRepo := insideGitTree(d.dir)
	assert.False(t, inRepo, "the client's key is written outside the repository")
	certFile, keyFile := filepath.Join(d.dir, "client.pem"), filepath.Join(d.dir, "client.key")
	assertHints(t, d.Hints, "-cert "+certFile+" -key "+keyFile+" 127.0.0.1:1 list")
	for _, h := range d.Hints {
		if strings.Contains(h, "grpcurl") {
			assert.Contains(t, h, "-cert", "under mTLS every grpcurl line sends a client certificate: %q", h)
		}
	}
	client, err := tls.LoadX509KeyPair(certFile, keyFile)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(client.Certificate[0])
	require.NoError(t, err)
	_, err = leaf.Verify(x509.VerifyOptions{Roots: d.ClientCAs, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	assert.NoError(t, err, "the client's certificate is signed by the CA the server checks")

	require.NoError(t, d.Close())
	_, err = os.Stat(d.dir)
	assert.True(t, errors.Is(err, os.ErrNotExist), "Close removes the key")
}

// assertHints formats each hint with an address, as the servers do, and
// looks for want in them.
func assertHints(t *testing.T, hints []string, want string) {
	t.Helper()
	var all []string
	for _, h := range hints {
		line := fmt.Sprintf(h, "127.0.0.1:1")
		assert.Equal(t, 1, strings.Count(h, "%s"), "a hint is a format with one %%s: %q", h)
		assert.NotContains(t, line, "%!", "a hint is a format with one %%s: %q", h)
		all = append(all, line)
	}
	assert.Contains(t, strings.Join(all, "\n"), want)
}

func TestShellArg(t *testing.T) {
	assert.Equal(t, "/tmp/ca.pem", quoteFor("linux", "/tmp/ca.pem"))
	assert.Equal(t, `'/tmp/my dir/ca.pem'`, quoteFor("darwin", "/tmp/my dir/ca.pem"))
	assert.Equal(t, `'/tmp/it'\''s/ca.pem'`, quoteFor("linux", "/tmp/it's/ca.pem"))
	// PowerShell and cmd keep backslashes and read "..." as one argument.
	assert.Equal(t, `C:\Users\ann\AppData\Local\Temp\ca.pem`, quoteFor("windows", `C:\Users\ann\AppData\Local\Temp\ca.pem`))
	assert.Equal(t, `"C:\Users\Ann Lee\Temp\ca.pem"`, quoteFor("windows", `C:\Users\Ann Lee\Temp\ca.pem`))
	assert.Equal(t, "/tmp/100%%/ca.pem", esc(quoteFor("linux", "/tmp/100%/ca.pem")), "escaped for Printf")
	assert.Equal(t, esc(quoteFor(runtime.GOOS, "/tmp/ca.pem")), shellArg("/tmp/ca.pem"), "the shell of the OS it runs on")
}
