package step02

import (
	"crypto/tls"
	"crypto/x509"

	"google.golang.org/grpc/credentials"
)

// ServerCredentials is the server's side: it shows cert to every client.
// With clientCAs nil that is all (TLS). With clientCAs, every client must
// also show a certificate that one of them signed (mTLS), or the handshake
// fails and the connection is closed before any call.
func ServerCredentials(cert tls.Certificate, clientCAs *x509.CertPool) credentials.TransportCredentials {
	cfg := &tls.Config{
		Certificates: []tls.Certificate{cert},
		// HTTP/2 forbids TLS below 1.2 (RFC 9113, 9.2), and 1.0 and 1.1
		// are deprecated (RFC 8996). grpc-go uses 1.2 when this is 0; say
		// it here, so the code does not depend on a default.
		MinVersion: tls.VersionTLS12,
	}
	if clientCAs != nil {
		cfg.ClientCAs = clientCAs
		// Require and verify: RequestClientCert and RequireAnyClientCert
		// take any certificate, or none, without checking who signed it.
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return credentials.NewTLS(cfg)
}

// ClientCredentials is the client's side: it trusts servers whose
// certificate one of rootCAs signed (nil: the system's CAs) for serverName
// (empty: the host of the address dialled), and with cert shows that
// certificate when the server asks (mTLS).
func ClientCredentials(rootCAs *x509.CertPool, serverName string, cert *tls.Certificate) credentials.TransportCredentials {
	cfg := &tls.Config{
		RootCAs:    rootCAs,
		ServerName: serverName,
		MinVersion: tls.VersionTLS12,
	}
	if cert != nil {
		cfg.Certificates = []tls.Certificate{*cert}
	}
	return credentials.NewTLS(cfg)
}
