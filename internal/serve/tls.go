package serve

import (
	"flag"

	"google.golang.org/grpc"

	"github.com/grpcvsrest/workshop/internal/certs"
	"github.com/grpcvsrest/workshop/internal/solved/step02"
)

// tlsFlags are -tls, -tls-ca-out and -mtls: the stage servers' TLS, with
// certificates made at start-up and step 02's credentials, solved.
type tlsFlags struct {
	on, mutual *bool
	caOut      *string
}

func addTLSFlags(flags *flag.FlagSet) *tlsFlags {
	return &tlsFlags{
		on:     flags.Bool("tls", false, "serve TLS, with a CA and certificates made at start-up"),
		caOut:  flags.String("tls-ca-out", certs.DefaultCAFile(), "with -tls: where to write the CA's certificate, for clients to trust"),
		mutual: flags.Bool("mtls", false, "require a client certificate too (mutual TLS); implies -tls"),
	}
}

// setup makes the certificates when a flag asks for TLS, and returns the
// server option, the hints to print after "listening on", and what to
// call at stop (it removes the client's key). Without TLS, all are empty.
func (f *tlsFlags) setup() (opts []grpc.ServerOption, hints []string, stop func() error, err error) {
	if !*f.on && !*f.mutual {
		return nil, nil, func() error { return nil }, nil
	}
	demo, err := certs.NewDemo(*f.caOut, *f.mutual)
	if err != nil {
		return nil, nil, nil, err
	}
	creds := step02.ServerCredentials(demo.Server, demo.ClientCAs)
	return []grpc.ServerOption{grpc.Creds(creds)}, demo.Hints, demo.Close, nil
}
