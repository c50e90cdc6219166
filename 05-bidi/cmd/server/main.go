// Command server runs step 05's gRPC server with the sample catalogue. It
// enforces your KeepalivePolicy (keepalive.go); until you write it, that is
// grpc-go's default.
//
//	go run ./05-bidi/cmd/server                     # listens on 127.0.0.1:50051
//	go run ./05-bidi/cmd/server -addr 127.0.0.1:0   # any free port
//
// Ctrl-C stops it gracefully: health turns NOT_SERVING, running calls finish
// (see internal/serve).
package main

import (
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"

	bidi "github.com/grpcvsrest/workshop/05-bidi"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
	"github.com/grpcvsrest/workshop/internal/stage"
)

func main() {
	serve.Main(func(store *catalog.Store, cfg stage.Config, extra ...grpc.ServerOption) (*grpc.Server, *health.Server) {
		return bidi.NewServer(store, cfg, append(extra, grpc.KeepaliveEnforcementPolicy(bidi.KeepalivePolicy()))...)
	})
}
