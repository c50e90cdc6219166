package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	unary "github.com/grpcvsrest/workshop/02-unary"
)

// transport is plaintext, or with useTLS (or a certificate) your
// ClientCredentials (tls.go):
// trusting the CA in caFile, and with certFile and keyFile showing that
// certificate (mTLS). The server's name is checked against the host of
// -addr: 127.0.0.1 and localhost are both in the server's certificate.
func transport(useTLS bool, caFile, certFile, keyFile string) (credentials.TransportCredentials, error) {
	if !useTLS && certFile == "" && keyFile == "" {
		return insecure.NewCredentials(), nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("-cacert: %w (the server started with -tls prints where it wrote it)", err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("-cacert: no certificate in %s", caFile)
	}
	if (certFile == "") != (keyFile == "") {
		return nil, errors.New("-cert and -key go together")
	}
	var cert *tls.Certificate
	if certFile != "" {
		c, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, err
		}
		cert = &c
	}
	return unary.ClientCredentials(roots, "", cert), nil
}
