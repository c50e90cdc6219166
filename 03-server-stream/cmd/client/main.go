// Command client lists products from step 03's server, page by page.
//
//	go run ./03-server-stream/cmd/client                          # all, pages of 10
//	go run ./03-server-stream/cmd/client -category books -page-size 4
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	token := flag.String("token", "workshop-token", "bearer token")
	category := flag.String("category", "", "only this category")
	pageSize := flag.Int("page-size", 10, "products per call")
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
	ctx = interceptor.WithToken(ctx, *token)

	req := &pb.ListProductsRequest{Category: *category, PageSize: int32(*pageSize)}
	for page := 1; ; page++ {
		stream, err := client.ListProducts(ctx, req)
		if err != nil {
			fail(err)
		}
		fmt.Printf("page %d:\n", page)
		next := ""
		for {
			msg, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				break // the server ended the stream with OK
			}
			if err != nil {
				fail(err)
			}
			p := msg.GetProduct()
			fmt.Printf("  %-9s %-40s %-12s %8.2f\n", p.GetId(), p.GetName(), p.GetCategory(), p.GetPrice())
			next = msg.GetNextPageToken()
		}
		if next == "" {
			return
		}
		req.PageToken = next
	}
}

func fail(err error) {
	st := status.Convert(err)
	fmt.Fprintf(os.Stderr, "ListProducts failed: code=%s message=%q\n", st.Code(), st.Message())
	os.Exit(1)
}
