// Command client sends a few updates to step 05's server on one
// bidirectional stream, with your UpdateAll (client.go), and prints the
// answers. With -get it makes one GetProduct call instead; with -resilient
// it dials with your RetryOptions (retry.go) and KeepaliveParams
// (keepalive.go), so that call waits for a server that is down.
//
//	go run ./05-bidi/cmd/client
//	go run ./05-bidi/cmd/client -get prod-001 -resilient -timeout 30s
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
	get := flag.String("get", "", "make one GetProduct call for this id instead of the updates")
	resilient := flag.Bool("resilient", false, "dial with your RetryOptions (retry.go) and KeepaliveParams (keepalive.go)")
	timeout := flag.Duration("timeout", 10*time.Second, "the deadline of the call")
	flag.Parse()

	opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
	if *resilient {
		opts = append(opts, bidi.RetryOptions()...)
		// A zero KeepaliveParams is one not written yet. grpc-go would
		// still ping every 10 s with it, so leave keepalive off instead.
		if ka := bidi.KeepaliveParams(); ka.Time != 0 {
			opts = append(opts, grpc.WithKeepaliveParams(ka))
		}
	}
	conn, err := grpc.NewClient(*addr, opts...)
	if err != nil {
		fail("dial", err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+*token)
	client := pb.NewProductServiceClient(conn)

	if *get != "" {
		getProduct(ctx, client, *get)
		return
	}
	updates := []*pb.ProductUpdateRequest{
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: 42}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -2}},
		{ProductId: "prod-999", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: 1}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -1000}},
		{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewStatus{NewStatus: pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED}},
	}
	answers, err := bidi.UpdateAll(ctx, client, updates) // your client.go
	for _, resp := range answers {
		if e := resp.GetError(); e != nil {
			fmt.Printf("%s: refused, %s: %s\n", resp.GetProductId(), codes.Code(e.GetCode()), e.GetMessage())
			continue
		}
		p := resp.GetProduct()
		fmt.Printf("%s: price %.2f, stock %d, %s\n", p.GetId(), p.GetPrice(), p.GetStockQuantity(), p.GetStatus())
	}
	if err != nil {
		fail("ProductUpdates", err)
	}
	fmt.Println("server ended the stream: OK")
}

// getProduct makes one call and says how long it took: with -resilient and
// the server down, that is how long it waited.
func getProduct(ctx context.Context, client pb.ProductServiceClient, id string) {
	start := time.Now()
	p, err := client.GetProduct(ctx, &pb.GetProductRequest{ProductId: id})
	took := time.Since(start).Round(100 * time.Millisecond)
	if err != nil {
		fail(fmt.Sprintf("GetProduct (after %v)", took), err)
	}
	fmt.Printf("%s: %s, price %.2f (after %v)\n", p.GetId(), p.GetName(), p.GetPrice(), took)
}

func fail(what string, err error) {
	fmt.Fprintln(os.Stderr, what, "failed:", err)
	os.Exit(1)
}
