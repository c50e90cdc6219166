// Package grpcweb is step 07: the same gRPC server, reached from a browser
// with gRPC-Web, from one Go HTTP handler and no proxy. The same handler also
// answers Connect, native gRPC, and REST/JSON for the routes the contract
// declares (google.api.http options in 01-proto's .proto).
package grpcweb

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/reference"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// Config is what the server needs besides its store.
type Config struct {
	Token string
	// AllowedOrigins may call the API from a browser page of theirs, e.g.
	// "http://localhost:5173". Same-origin pages need no entry. Never "*":
	// with a bearer token in play, any site could make your users' browsers
	// call the API.
	AllowedOrigins []string
	Logger         *slog.Logger
}

//go:embed web/index.html web/dist/app.js
var page embed.FS

// NewServer returns the whole stage as one http.Handler: the page at "/",
// the API (from NewAPIHandler) on its paths, and the OpenAPI document of the
// REST routes at /openapi.json (openapi.go).
func NewServer(store *catalog.Store, cfg Config) (http.Handler, error) {
	for _, o := range cfg.AllowedOrigins {
		if err := checkOrigin(o); err != nil {
			return nil, err
		}
	}
	grpcServer, _ := stage.NewServer(&reference.Service{Store: store}, stage.Config{Token: cfg.Token, Logger: cfg.Logger})
	api, err := NewAPIHandler(grpcServer, cfg.AllowedOrigins)
	if err != nil {
		return nil, err
	}
	api = precheck(api) // client mistakes get a 4xx, not vanguard's 5xx (precheck.go)
	web, _ := fs.Sub(page, "web")
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServerFS(web))
	mux.Handle("/ecommerce.v1.ProductService/", api) // gRPC-Web, Connect and gRPC
	mux.Handle("/grpc.health.v1.Health/", api)
	mux.Handle("/grpc.reflection.v1.ServerReflection/", api) // so grpcurl can list the API
	mux.Handle("/grpc.reflection.v1alpha.ServerReflection/", api)
	mux.Handle("/v1/", api) // REST/JSON: the google.api.http routes in the .proto
	// Their OpenAPI document (GET and HEAD), outside api: it needs no token.
	mux.HandleFunc("GET /openapi.json", serveOpenAPI)
	return mux, nil
}

// checkOrigin accepts "scheme://host[:port]" and nothing else.
func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if o == "*" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
		return fmt.Errorf("allowed origin %q: want scheme://host[:port], and never *", o)
	}
	return nil
}
