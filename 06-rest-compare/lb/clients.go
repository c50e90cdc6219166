// Package lb is the client side of step 06's load-balancing lesson: Dial,
// the balanced client you write, and the calls the measurement makes. The
// replicas and HAProxy are in lb/cluster; this package imports nothing of
// a server, so what a client needs is imported here or not at all.
package lb

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"google.golang.org/grpc"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/interceptor"
)

// Token is the bearer token every replica expects.
const Token = "lb-token"

// ProductID is a product every replica has: they all serve the same
// catalogue, as replicas behind one name do (here each has its own copy).
const ProductID = "lb-0000007"

// Call is one GetProduct through whatever sits in front of the replicas.
type Call func(ctx context.Context) error

// GRPCCall is GetProduct on conn, whatever conn balances with.
func GRPCCall(conn *grpc.ClientConn) Call {
	client := pb.NewProductServiceClient(conn)
	return func(ctx context.Context) error {
		p, err := client.GetProduct(interceptor.WithToken(ctx, Token), &pb.GetProductRequest{ProductId: ProductID})
		if err == nil && p.GetId() != ProductID {
			err = fmt.Errorf("got %q", p.GetId())
		}
		return err
	}
}

// RESTClient keeps up to idle connections open between calls (Go's default
// keeps 2): one per call in flight.
func RESTClient(idle int) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = idle
	return &http.Client{Transport: tr}
}

// RESTCall is GET /products/{id} at base, over HTTP/1.1.
func RESTCall(client *http.Client, base string) Call {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/products/"+ProductID, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+Token)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil { // read to the end: the connection is reused
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
}
