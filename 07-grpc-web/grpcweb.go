package grpcweb

import (
	"fmt"
	"net/http"
	"strings"

	"google.golang.org/grpc"
)

// NewAPIHandler serves srv to browsers (gRPC-Web), to Connect and gRPC
// clients, and over REST at the routes the contract declares (the
// google.api.http options in 01-proto's .proto), with CORS for allowedOrigins.
//
// TODO(07): write it. See 07-grpc-web/README.md#write-the-grpc-web-handler
func NewAPIHandler(srv *grpc.Server, allowedOrigins []string) (http.Handler, error) {
	const todo = "TODO(07): write NewAPIHandler in 07-grpc-web/grpcweb.go -- see 07-grpc-web/README.md#write-the-grpc-web-handler"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/grpc") {
			// A gRPC(-Web) client reads the status from these headers.
			w.Header().Set("Content-Type", r.Header.Get("Content-Type"))
			w.Header().Set("Grpc-Status", "12") // Unimplemented
			w.Header().Set("Grpc-Message", todo)
			return
		}
		w.Header().Set("Content-Type", "application/json") // as a Connect error
		w.WriteHeader(http.StatusNotImplemented)
		fmt.Fprintf(w, `{"code":"unimplemented","message":%q}`, todo)
	}), nil
}
