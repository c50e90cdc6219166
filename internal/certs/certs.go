// Package certs makes certificates in memory, for tests and for a server
// started with -tls: a certificate authority (CA), and server and client
// certificates it signs. Keys are ECDSA P-256, made at run time and never
// written into the repository; validity is short (Validity), so a copied
// certificate is soon of no use.
//
// This is not the lesson of step 02's TLS stretch (that is which fields of a
// tls.Config matter); it is the part a real deployment gets from its PKI.
package certs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"time"
)

// Validity is how long a certificate made here is valid: a workshop day.
const Validity = 24 * time.Hour

// ServerDNSNames and ServerIPs are the names a server certificate from
// Server is valid for: loopback, whichever way a client spells it.
var (
	ServerDNSNames = []string{"localhost"}
	ServerIPs      = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
)

// CA is a certificate authority that lives in memory.
type CA struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// NewCA makes a CA whose certificate's subject is name.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: name, Organization: []string{"gRPC vs REST workshop"}},
		NotBefore:             now.Add(-time.Minute), // a little slack for clocks that differ
		NotAfter:              now.Add(Validity),
		IsCA:                  true,
		BasicConstraintsValid: true,
		MaxPathLenZero:        true, // it signs leaves only, no intermediate CAs
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	cert, _, err := sign(tmpl, tmpl, key, key)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, key: key}, nil
}

// Pool is a pool holding only this CA: what a client trusts (RootCAs) or
// a server checks client certificates against (ClientCAs).
func (ca *CA) Pool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(ca.Cert)
	return pool
}

// CertPEM is the CA's certificate in PEM, the form grpcurl -cacert reads.
func (ca *CA) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// WriteCertFile writes the CA's certificate (never its key) to path. A
// certificate is public: anyone may have it, it only says whom to trust.
func (ca *CA) WriteCertFile(path string) error {
	return os.WriteFile(path, ca.CertPEM(), 0o644)
}

// Leaf says what a certificate signed by a CA is for.
type Leaf struct {
	CommonName string
	DNSNames   []string // names a server is reached by: the client checks its ServerName against these
	IPs        []net.IP
	Client     bool      // a client certificate (mTLS); otherwise a server certificate
	NotBefore  time.Time // zero: a minute ago
	NotAfter   time.Time // zero: Validity from now
}

// Issue makes a key and a certificate for it, signed by ca.
func (ca *CA) Issue(l Leaf) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		Subject:     pkix.Name{CommonName: l.CommonName},
		DNSNames:    l.DNSNames,
		IPAddresses: l.IPs,
		NotBefore:   l.NotBefore,
		NotAfter:    l.NotAfter,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if l.Client {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	}
	if tmpl.NotBefore.IsZero() {
		tmpl.NotBefore = now.Add(-time.Minute)
	}
	if tmpl.NotAfter.IsZero() {
		tmpl.NotAfter = now.Add(Validity)
	}
	cert, der, err := sign(tmpl, ca.Cert, key, ca.key)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, nil
}

// Server is a server certificate for loopback: 127.0.0.1, ::1 and localhost.
func (ca *CA) Server() (tls.Certificate, error) {
	return ca.Issue(Leaf{CommonName: "workshop-server", DNSNames: ServerDNSNames, IPs: ServerIPs})
}

// ServerFor is a server certificate valid for dnsNames only.
func (ca *CA) ServerFor(dnsNames ...string) (tls.Certificate, error) {
	return ca.Issue(Leaf{CommonName: "workshop-server", DNSNames: dnsNames})
}

// ExpiredServer is Server's certificate, but it expired an hour ago.
func (ca *CA) ExpiredServer() (tls.Certificate, error) {
	now := time.Now()
	return ca.Issue(Leaf{CommonName: "workshop-server", DNSNames: ServerDNSNames, IPs: ServerIPs,
		NotBefore: now.Add(-2 * time.Hour), NotAfter: now.Add(-time.Hour)})
}

// Client is a client certificate whose subject's common name is name.
func (ca *CA) Client(name string) (tls.Certificate, error) {
	return ca.Issue(Leaf{CommonName: name, Client: true})
}

// sign makes the certificate of tmpl, for key's public half, signed by
// parent's key, and returns it parsed and as DER.
func sign(tmpl, parent *x509.Certificate, key, parentKey *ecdsa.PrivateKey) (*x509.Certificate, []byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	tmpl.SerialNumber = serial
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return cert, der, err
}
