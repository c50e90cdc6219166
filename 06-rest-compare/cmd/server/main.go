// Command server runs step 06's REST API with the sample catalogue, on
// HTTP/1.1 and unencrypted HTTP/2 at once.
//
//	go run ./06-rest-compare/cmd/server                    # 127.0.0.1:8080
//	curl -H 'Authorization: Bearer workshop-token' localhost:8080/products/prod-001
package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
)

func main() { serve.Process(run) }

func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("server", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	token := flags.String("token", "workshop-token", "bearer token clients must send")
	if err := flags.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stdout, nil))
	return serve.HTTP(ctx, *addr, rest.NewServer(catalog.Seeded(), rest.Config{Token: *token, Logger: log}), stdout)
}
