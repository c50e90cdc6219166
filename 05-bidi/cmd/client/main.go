// Command client sends a few updates to step 05's server on one
// bidirectional stream and prints each answer as it arrives.
//
//	go run ./05-bidi/cmd/client
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
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
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
	stream, err := pb.NewProductServiceClient(conn).ProductUpdates(interceptor.WithToken(ctx, *token))
	if err != nil {
		fail(err)
	}

	updates := []*pb.ProductUpdateRequest{
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: 42}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -2}},
		{ProductId: "prod-999", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: 1}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -1000}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewStatus{NewStatus: pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED}},
	}
	// Send from one goroutine, receive in another: the two directions are
	// independent, and a client that only sends could fill its window and stall.
	go func() {
		for _, u := range updates {
			if stream.Send(u) != nil {
				return // the stream ended; Recv reports why
			}
		}
		_ = stream.CloseSend() // half-close: "no more updates"
	}()
	for {
		resp, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			fmt.Println("server ended the stream: OK")
			return
		}
		if err != nil {
			fail(err)
		}
		if e := resp.GetError(); e != nil {
			fmt.Printf("%s: refused, %s: %s\n", resp.GetProductId(), codes.Code(e.GetCode()), e.GetMessage())
			continue
		}
		p := resp.GetProduct()
		fmt.Printf("%s: price %.2f, stock %d, %s\n", p.GetId(), p.GetPrice(), p.GetStockQuantity(), p.GetStatus())
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ProductUpdates failed:", err)
	os.Exit(1)
}
