// Command server runs step 04's gRPC server with the sample catalogue.
//
//	go run ./04-client-stream/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./04-client-stream/cmd/server -addr 127.0.0.1:0   # any free port
//
// Ctrl-C stops it gracefully: health turns NOT_SERVING, running calls finish
// (see internal/serve).
package main

import (
	clientstream "github.com/grpcvsrest/workshop/04-client-stream"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Main(clientstream.NewServer) }
