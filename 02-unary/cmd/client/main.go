// Command client calls step 02's server through FetchProduct (client.go):
// one product, or what went wrong, in the caller's terms.
//
//	go run ./02-unary/cmd/client                 # prod-001
//	go run ./02-unary/cmd/client -id prod-999    # not found
//	go run ./02-unary/cmd/client -id ''          # bad product_id, from the BadRequest detail
//	go run ./02-unary/cmd/client -tls            # to a server started with -tls (tls.go, a stretch)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	unary "github.com/grpcvsrest/workshop/02-unary"
	"github.com/grpcvsrest/workshop/internal/certs"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	token := flag.String("token", "workshop-token", "bearer token")
	id := flag.String("id", "prod-001", "product id to get")
	timeout := flag.Duration("timeout", 2*time.Second, "how long to wait for the server")
	useTLS := flag.Bool("tls", false, "connect with TLS, through your ClientCredentials (tls.go, a stretch)")
	caFile := flag.String("cacert", certs.DefaultCAFile(), "with -tls: the CA certificate to trust (the server's -tls-ca-out)")
	certFile := flag.String("cert", "", "with -tls: the client certificate to show a -mtls server")
	keyFile := flag.String("key", "", "with -cert: its key")
	flag.Parse()

	creds, err := transport(*useTLS, *caFile, *certFile, *keyFile) // tls.go
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	opts := []grpc.DialOption{grpc.WithTransportCredentials(creds)}
	ctx := context.Background()
	if *useTLS {
		// Over TLS the connection carries the token on every call (token.go).
		opts = append(opts, grpc.WithPerRPCCredentials(unary.BearerToken(*token)))
	} else {
		// Plaintext: BearerToken would rightly refuse, so the token goes into
		// this call's context, readable by anyone on the path (loopback here).
		ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)
	}
	conn, err := grpc.NewClient(*addr, opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()

	p, err := unary.FetchProduct(ctx, pb.NewProductServiceClient(conn), *id, *timeout)
	var bad *unary.FieldError
	switch {
	case err == nil:
		fmt.Printf("GetProduct(%q):\n%s\n", *id, protojson.Format(p))
		return
	case errors.Is(err, unary.ErrNotFound):
		fmt.Printf("no product %q (%v)\n", *id, err)
	case errors.As(err, &bad):
		fmt.Printf("the server says the request is malformed: field %s %s\n", bad.Field, bad.Description)
	case errors.Is(err, unary.ErrTimeout):
		fmt.Printf("gave up after %v: %v\n", *timeout, err)
	default:
		fmt.Printf("GetProduct(%q) failed: %v\n", *id, err)
	}
	os.Exit(1)
}
