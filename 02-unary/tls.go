package unary

import (
	"crypto/tls"
	"crypto/x509"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// A stretch exercise: TLS, and mutual TLS (mTLS), on both sides of the wire.
// Until you write them, both functions return plaintext credentials: every
// connection works, and none is private.

// ServerCredentials is the server's side: it shows cert to every client.
// With clientCAs nil that is all (TLS). With clientCAs, every client must
// also show a certificate that one of them signed (mTLS), or the handshake
// fails and the connection is closed before any call. Refuse TLS below 1.2.
//
// TODO(02): write it. See 02-unary/README.md#stretch-tls-and-mtls
func ServerCredentials(cert tls.Certificate, clientCAs *x509.CertPool) credentials.TransportCredentials {
	return insecure.NewCredentials()
}

// ClientCredentials is the client's side: it trusts servers whose
// certificate one of rootCAs signed (nil: the system's CAs) for serverName
// (empty: the host of the address dialled), and with cert (nil: none) shows
// that certificate when the server asks (mTLS). Refuse TLS below 1.2.
//
// TODO(02): write it. See 02-unary/README.md#stretch-tls-and-mtls
func ClientCredentials(rootCAs *x509.CertPool, serverName string, cert *tls.Certificate) credentials.TransportCredentials {
	return insecure.NewCredentials()
}
