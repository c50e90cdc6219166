// Command client calls step 02's server: one product, then one error.
//
//	go run ./02-unary/cmd/client                 # prod-001
//	go run ./02-unary/cmd/client -id prod-999    # NotFound
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	token := flag.String("token", "workshop-token", "bearer token")
	id := flag.String("id", "prod-001", "product id to get")
	flag.Parse()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	client := pb.NewProductServiceClient(conn)

	// Always set a deadline: without one a call to a hung server waits forever.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ctx = interceptor.WithToken(ctx, *token)

	p, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: *id})
	if err != nil {
		st := status.Convert(err)
		fmt.Printf("GetProduct(%q) failed: code=%s message=%q\n", *id, st.Code(), st.Message())
		os.Exit(1)
	}
	fmt.Printf("GetProduct(%q):\n%s\n", *id, protojson.Format(p))
}
