package certs

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// keyBlock is the PEM type of a PKCS #8 key, written in two pieces so that
// a git grep for the PEM header finds real keys only: the repository has
// none, and that grep is the check.
const keyBlock = "PRIVATE" + " KEY"

// WriteKeyPair writes cert's certificate to dir/name.pem and its key to
// dir/name.key (readable by the owner only), the files grpcurl's -cert and
// -key read. It refuses a dir inside a git work tree: a key must not be
// committed, not even by accident.
func WriteKeyPair(dir, name string, cert tls.Certificate) (certFile, keyFile string, err error) {
	if repo, ok := insideGitTree(dir); ok {
		return "", "", fmt.Errorf("certs: %s is inside the git work tree %s: write keys outside it", dir, repo)
	}
	der, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		return "", "", err
	}
	certFile = filepath.Join(dir, name+".pem")
	keyFile = filepath.Join(dir, name+".key")
	var certPEM []byte
	for _, c := range cert.Certificate {
		certPEM = append(certPEM, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c})...)
	}
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: keyBlock, Bytes: der}), 0o600); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

// insideGitTree reports the work tree dir is in, if any.
func insideGitTree(dir string) (string, bool) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// DefaultCAFile is where a server started with -tls writes its CA's
// certificate unless told otherwise: the temporary directory, not the
// repository.
func DefaultCAFile() string { return filepath.Join(os.TempDir(), "workshop-ca.pem") }

// Demo is what a server started with -tls makes at start-up: a new CA each
// time, so nothing secret outlives the process.
type Demo struct {
	Server    tls.Certificate // valid for 127.0.0.1, ::1 and localhost
	ClientCAs *x509.CertPool  // the CA, which signs the client's certificate, with mTLS; nil without
	Hints     []string        // what to tell the user, with grpcurl commands: formats with one %s, the address
	dir       string          // the client's certificate and key, with mTLS
}

// NewDemo makes a CA and a server certificate, and writes the CA's
// certificate to caFile for clients to trust. With mtls it also makes a
// client certificate and writes it, with its key, to a new temporary
// directory outside the repository; Close removes that directory.
func NewDemo(caFile string, mtls bool) (*Demo, error) {
	ca, err := NewCA("workshop CA")
	if err != nil {
		return nil, err
	}
	d := &Demo{}
	if d.Server, err = ca.Server(); err != nil {
		return nil, err
	}
	if err := ca.WriteCertFile(caFile); err != nil {
		return nil, err
	}
	caArg := shellArg(caFile)
	d.Hints = []string{"tls: %s serves TLS; clients trust the CA certificate in " + esc(caFile) + " (a new CA each run)"}
	if !mtls {
		d.Hints = append(d.Hints, "  grpcurl -cacert "+caArg+" %s list")
		return d, nil
	}
	// Under mTLS a grpcurl without a client certificate is refused: only
	// the line that sends one below is printed.
	d.ClientCAs = ca.Pool()
	client, err := ca.Client("workshop-client")
	if err != nil {
		return nil, err
	}
	if d.dir, err = os.MkdirTemp("", "workshop-mtls-"); err != nil {
		return nil, err
	}
	certFile, keyFile, err := WriteKeyPair(d.dir, "client", client)
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	d.Hints = append(d.Hints,
		"mtls: %s asks every client for a certificate; one, with its key, is in "+esc(d.dir)+" (removed at stop)",
		"  grpcurl -cacert "+caArg+" -cert "+shellArg(certFile)+" -key "+shellArg(keyFile)+" %s list",
	)
	return d, nil
}

// Close removes the client's key and certificate, if NewDemo wrote them.
func (d *Demo) Close() error {
	if d.dir == "" {
		return nil
	}
	return os.RemoveAll(d.dir)
}

// esc makes s safe inside a Printf format.
func esc(s string) string { return strings.ReplaceAll(s, "%", "%%") }

// shellArg is s for a command line the learner pastes into the shell of
// the OS this runs on (quoted if it must be), escaped for Printf.
func shellArg(s string) string { return esc(quoteFor(runtime.GOOS, s)) }

// quoteFor quotes s for the usual shell of goos. On Windows that is
// PowerShell or cmd: both read "..." as one argument and keep backslashes,
// so a path needs quotes only for a space or a character either shell
// reads itself. Elsewhere it is a POSIX shell: single quotes, and '\” for
// a quote inside.
func quoteFor(goos, s string) string {
	if goos == "windows" {
		if strings.ContainsAny(s, " \t&|<>()^;,'`$") {
			return `"` + s + `"`
		}
		return s
	}
	if strings.ContainsAny(s, " \t'\"$\\`*?[]#~;&|<>()") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}
