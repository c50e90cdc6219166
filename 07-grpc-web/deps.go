package grpcweb

// The libraries the exercise needs. Importing them here keeps `go mod tidy`
// from dropping them while grpcweb.go is still a stub, and tells you where
// to look: read their package docs before you start.
import (
	_ "connectrpc.com/cors"                  // the CORS header lists gRPC-Web and Connect need
	_ "connectrpc.com/vanguard/vanguardgrpc" // gRPC-Web, Connect and REST in front of a *grpc.Server
	_ "github.com/rs/cors"                   // the CORS middleware itself
)
