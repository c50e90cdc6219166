// Command client lists products from step 03's server with your ListAll
// (client.go), or finds one with your FindFirst (find.go).
//
//	go run ./03-server-stream/cmd/client                          # all, in pages of 10
//	go run ./03-server-stream/cmd/client -category books -page-size 4
//	go run ./03-server-stream/cmd/client -find Kettle             # the first product whose name has "Kettle"
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	serverstream "github.com/grpcvsrest/workshop/03-server-stream"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	token := flag.String("token", "workshop-token", "bearer token")
	category := flag.String("category", "", "only this category")
	pageSize := flag.Int("page-size", 10, "products per ListProducts call")
	find := flag.String("find", "", "find the first product whose name contains this")
	flag.Parse()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	client := pb.NewProductServiceClient(conn)

	// One deadline for the whole walk: a stream without one can wait forever.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)

	if *find != "" {
		p, err := serverstream.FindFirst(ctx, client, func(p *pb.Product) bool { return strings.Contains(p.GetName(), *find) })
		if err != nil {
			fail(err)
		}
		print(p)
		return
	}
	products, err := serverstream.ListAll(ctx, client, *category, int32(*pageSize))
	if err != nil {
		fail(err)
	}
	for _, p := range products {
		print(p)
	}
	fmt.Printf("%d products\n", len(products))
}

func print(p *pb.Product) {
	// 22 fits the ids step 04's client makes, e.g. up1764619200-0000001.
	fmt.Printf("  %-22s %-40s %-12s %8.2f\n", p.GetId(), p.GetName(), p.GetCategory(), p.GetPrice())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "failed:", err)
	os.Exit(1)
}
