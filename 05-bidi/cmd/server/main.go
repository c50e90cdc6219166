// Command server runs step 05's gRPC server with the sample catalogue.
//
//	go run ./05-bidi/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./05-bidi/cmd/server -addr 127.0.0.1:0   # any free port
//
// Ctrl-C stops it gracefully: health turns NOT_SERVING, running calls finish
// (see internal/serve).
package main

import (
	bidi "github.com/grpcvsrest/workshop/05-bidi"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Main(bidi.NewServer) }
