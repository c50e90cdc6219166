// Command server runs step 07: the page and the API (gRPC-Web, Connect,
// gRPC, and REST for GetProduct) on one port.
//
//	go run ./07-grpc-web/cmd/server                 # then open the printed URL
//	go run ./07-grpc-web/cmd/server -allow-origin http://localhost:5173
package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	grpcweb "github.com/grpcvsrest/workshop/07-grpc-web"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Process(run) }

func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	token := flags.String("token", "workshop-token", "bearer token clients must send")
	origins := flags.String("allow-origin", "", "comma-separated origins whose pages may call the API (CORS); same-origin needs none")
	if err := flags.Parse(args); err != nil {
		return err
	}
	allowed, err := grpcweb.ParseOrigins(*origins) // origins.go: a stretch exercise
	if err != nil {
		return err
	}
	h, err := grpcweb.NewServer(catalog.Seeded(), grpcweb.Config{
		Token: *token, AllowedOrigins: allowed, Logger: slog.New(slog.NewTextHandler(stdout, nil)),
	})
	if err != nil {
		return err
	}
	return serve.HTTP(ctx, *addr, h, stdout, "open http://%s/ in a browser",
		"the REST routes' OpenAPI document: http://%s/openapi.json")
}
