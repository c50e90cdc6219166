// Command client uploads products to step 04's server on one client stream,
// with your Upload (client.go).
//
//	go run ./04-client-stream/cmd/client -n 10000         # 10,000 generated products
//	go run ./04-client-stream/cmd/client -n 5 -bad 3      # product 3 is invalid: nothing is stored
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	clientstream "github.com/grpcvsrest/workshop/04-client-stream"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	token := flag.String("token", "workshop-token", "bearer token")
	n := flag.Int("n", 1000, "how many products to upload")
	prefix := flag.String("prefix", fmt.Sprintf("up%d", time.Now().Unix()), "id prefix (ids must be new)")
	bad := flag.Int("bad", -1, "make product N (counted from 0) invalid (negative price), to see all-or-nothing")
	flag.Parse()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	client := pb.NewProductServiceClient(conn)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)

	products := catalog.Generate(*prefix, *n)
	if *bad >= 0 && *bad < len(products) {
		products[*bad].Price = -1
	}
	start := time.Now()
	resp, err := clientstream.Upload(ctx, client, products) // your client.go
	if err != nil {
		fail(err)
	}
	fmt.Printf("stored %d products in %v\n", resp.GetProductsCreated(), time.Since(start).Round(time.Millisecond))
	if ids := resp.GetProductIds(); len(ids) > 0 {
		fmt.Printf("first %s, last %s\n", ids[0], ids[len(ids)-1])
	}
}

func fail(err error) {
	st := status.Convert(err)
	fmt.Fprintf(os.Stderr, "UploadProducts failed: code=%s message=%q\n", st.Code(), st.Message())
	os.Exit(1)
}
