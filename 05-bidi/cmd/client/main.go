// Command client sends a few updates to step 05's server on one
// bidirectional stream, with your UpdateAll (client.go), and prints the
// answers.
//
//	go run ./05-bidi/cmd/client
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	bidi "github.com/grpcvsrest/workshop/05-bidi"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:50051", "server address")
	token := flag.String("token", "workshop-token", "bearer token")
	flag.Parse()

	conn, err := grpc.NewClient(*addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)

	updates := []*pb.ProductUpdateRequest{
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: 42}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -2}},
		{ProductId: "prod-999", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: 1}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -1000}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewStatus{NewStatus: pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED}},
	}
	answers, err := bidi.UpdateAll(ctx, pb.NewProductServiceClient(conn), updates) // your client.go
	for _, resp := range answers {
		if e := resp.GetError(); e != nil {
			fmt.Printf("%s: refused, %s: %s\n", resp.GetProductId(), codes.Code(e.GetCode()), e.GetMessage())
			continue
		}
		p := resp.GetProduct()
		fmt.Printf("%s: price %.2f, stock %d, %s\n", p.GetId(), p.GetPrice(), p.GetStockQuantity(), p.GetStatus())
	}
	if err != nil {
		fail(err)
	}
	fmt.Println("server ended the stream: OK")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ProductUpdates failed:", err)
	os.Exit(1)
}
