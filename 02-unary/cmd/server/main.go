// Command server runs step 02's gRPC server with the sample catalogue.
//
//	go run ./02-unary/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./02-unary/cmd/server -addr 127.0.0.1:0   # any free port
//
// Ctrl-C stops it gracefully: health turns NOT_SERVING, running calls finish
// (see internal/serve).
package main

import (
	unary "github.com/grpcvsrest/workshop/02-unary"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Main(unary.NewServer) }
