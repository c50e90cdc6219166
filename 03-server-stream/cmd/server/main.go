// Command server runs step 03's gRPC server with the sample catalogue.
//
//	go run ./03-server-stream/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./03-server-stream/cmd/server -addr 127.0.0.1:0   # any free port
//
// Ctrl-C stops it gracefully: health turns NOT_SERVING, running calls finish
// (see internal/serve).
package main

import (
	serverstream "github.com/grpcvsrest/workshop/03-server-stream"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Main(serverstream.NewServer) }
