package grpcweb

import (
	"net/http"

	connectcors "connectrpc.com/cors"
	"connectrpc.com/vanguard/vanguardgrpc"
	"github.com/rs/cors"
	"google.golang.org/grpc"
)

// NewAPIHandler serves srv to browsers (gRPC-Web), to Connect and gRPC
// clients, and over REST at the routes the contract declares (the
// google.api.http options in 01-proto's .proto), with CORS for allowedOrigins.
func NewAPIHandler(srv *grpc.Server, allowedOrigins []string) (http.Handler, error) {
	// The transcoder speaks gRPC-Web, Connect and REST to clients, and plain
	// gRPC to srv, in process: the job Envoy's grpc_web filter does, without
	// a second program to deploy. It finds the REST routes itself, in the
	// google.api.http options of the services registered on srv.
	transcoder, err := vanguardgrpc.NewTranscoder(srv)
	if err != nil {
		return nil, err
	}
	// CORS: which other origins' pages may call us, with which headers, and
	// which response headers their scripts may read. connectrpc.com/cors
	// knows the lists gRPC-Web and Connect need; Authorization is ours.
	opts := cors.Options{
		AllowedOrigins: allowedOrigins, // exact origins, never "*"
		AllowedMethods: connectcors.AllowedMethods(),
		AllowedHeaders: append(connectcors.AllowedHeaders(), "Authorization"),
		// Without these the browser hides grpc-status and grpc-message from
		// the page, and every error looks like "unknown".
		ExposedHeaders: connectcors.ExposedHeaders(),
		MaxAge:         7200, // seconds a browser may cache a preflight answer
	}
	if len(allowedOrigins) == 0 {
		// Careful: rs/cors reads an empty list as "every origin". No list
		// must mean no other origin.
		opts.AllowOriginFunc = func(string) bool { return false }
	}
	return cors.New(opts).Handler(transcoder), nil
}
