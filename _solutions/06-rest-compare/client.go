package rest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The client side of the NDJSON stream: what a gRPC client gets for free
// (status codes, typed messages, the end of a stream), a REST client
// does by hand.

// APIError is a non-2xx answer of the REST API, read from its JSON error body.
type APIError struct {
	Status  int    // the HTTP status, e.g. 401
	Code    string // the gRPC code name of the same mistake, e.g. "UNAUTHENTICATED"
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// ErrBrokenStream means the body ended in the middle of a line: the server
// (or the network) stopped before the stream was complete.
var ErrBrokenStream = errors.New("the stream ended in the middle of a product")

// StreamProducts reads GET baseURL/products/stream?category=... with the
// bearer token, one product per line, as they arrive. A non-200 answer is an
// *APIError; a line that is not a product is an error naming the line.
func StreamProducts(ctx context.Context, c *http.Client, baseURL, token, category string) ([]*pb.Product, error) {
	// The context goes with the request: cancelling it closes the body, and
	// the server's r.Context() ends too.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		baseURL+"/products/stream?category="+url.QueryEscape(category), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		// The status line says little; the API's error body says what.
		var body struct{ Error APIError }
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
			return nil, &APIError{Status: resp.StatusCode, Message: resp.Status}
		}
		body.Error.Status = resp.StatusCode
		return nil, &body.Error
	}

	var products []*pb.Product
	r := bufio.NewReader(resp.Body)
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n') // no line limit: a product may be megabytes
		if errors.Is(err, io.EOF) {
			if len(b) > 0 {
				return nil, fmt.Errorf("line %d: %w", line, ErrBrokenStream)
			}
			return products, nil // the body ended after a whole line: complete
		}
		if err != nil {
			return nil, err // the connection broke, or ctx ended
		}
		p := &pb.Product{}
		if err := protojson.Unmarshal(b, p); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		products = append(products, p)
	}
}
