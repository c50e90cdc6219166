package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding/gzip"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/interceptor"
	"github.com/grpcvsrest/workshop/internal/reference"
	"github.com/grpcvsrest/workshop/internal/serve"
	"github.com/grpcvsrest/workshop/internal/stage"

	"github.com/go-chi/chi/v5/middleware"
)

const (
	token     = "bench-token"
	listSize  = 10_000
	unaryID   = "load-0000042"
	workers   = 10 // concurrent clients in the throughput test, as in the guide's table
	pageSize  = 100
	batchSize = 100 // products per POST in "100 POSTs"
)

// server is one listener with one handler: the gRPC server, or the REST API.
type server struct {
	lis  *countingListener
	stop func()
	addr string
}

// startGRPC serves the reference ProductService with the same interceptors
// every stage has (logging to nowhere, recovery, auth).
func startGRPC(store *catalog.Store) (*server, error) {
	srv, _ := stage.NewServer(&reference.Service{Store: store},
		stage.Config{Token: token, Logger: slog.New(slog.DiscardHandler)})
	return listen(func(l net.Listener) { _ = srv.Serve(l) }, srv.Stop)
}

// startREST serves the REST API, HTTP/1.1 and h2c on one port, with the
// same auth and recovery (no request log, like the gRPC side); with gzip,
// JSON and NDJSON answers are compressed for clients that accept it.
func startREST(store *catalog.Store, gzip bool) (*server, error) {
	var h http.Handler = rest.NewServer(store, rest.Config{Token: token})
	if gzip {
		// chi's Compress flushes its gzip writer on each Flush, so the NDJSON
		// stream still arrives line by line; deflate keeps its window across
		// flushes, so later lines still compress against earlier ones.
		h = middleware.Compress(5, "application/json", "application/x-ndjson")(h)
	}
	hs := serve.NewHTTPServer(h)
	return listen(func(l net.Listener) { _ = hs.Serve(l) }, func() { _ = hs.Close() })
}

func listen(serveOn func(net.Listener), stop func()) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	cl := &countingListener{Listener: l}
	done := make(chan struct{})
	go func() { serveOn(cl); close(done) }()
	return &server{lis: cl, addr: l.Addr().String(), stop: func() { stop(); <-done }}, nil
}

// grpcClient is one ClientConn: gRPC multiplexes every call on one HTTP/2
// connection.
type grpcClient struct {
	conn   *grpc.ClientConn
	client pb.ProductServiceClient
	id     string // the product GetProduct asks for
	token  string
	gzip   bool // list with grpc-encoding: gzip
}

func newGRPCClient(addr string) (*grpcClient, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	return &grpcClient{conn: conn, client: pb.NewProductServiceClient(conn), id: unaryID, token: token}, nil
}

func authed(ctx context.Context) context.Context { return interceptor.WithToken(ctx, token) }

func (c *grpcClient) getProduct(ctx context.Context) error {
	p, err := c.client.GetProduct(interceptor.WithToken(ctx, c.token), &pb.GetProductRequest{ProductId: c.id})
	if err == nil && p.GetId() != c.id {
		err = fmt.Errorf("got %q", p.GetId())
	}
	return err
}

func (c *grpcClient) listAll(ctx context.Context) error {
	var opts []grpc.CallOption
	if c.gzip {
		opts = append(opts, grpc.UseCompressor(gzip.Name)) // each message compressed on its own
	}
	stream, err := c.client.ListProducts(authed(ctx), &pb.ListProductsRequest{PageSize: listSize}, opts...)
	if err != nil {
		return err
	}
	n := 0
	for {
		_, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return expect(n, listSize)
		}
		if err != nil {
			return err
		}
		n++
	}
}

func (c *grpcClient) upload(ctx context.Context, products []*pb.Product) error {
	stream, err := c.client.UploadProducts(authed(ctx))
	if err != nil {
		return err
	}
	for _, p := range products {
		if err := stream.Send(p); err != nil {
			break // CloseAndRecv says why
		}
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return err
	}
	return expect(int(resp.GetProductsCreated()), len(products))
}

// restClient is an http.Client for one protocol.
type restClient struct {
	http  *http.Client
	base  string
	id    string // the product GetProduct asks for
	token string
	etag  string // the ETag of the copy getIfNoneMatch holds (learnETag, before the workers start)
}

// newRESTClient: HTTP/1.1 with keep-alive and enough idle connections for
// every worker (Go's default keeps only 2 idle per host: with 10 workers,
// connections that come free while 2 are idle are closed, and new ones
// dialled), or h2c.
func newRESTClient(addr string, http2 bool, idlePerHost int) *restClient {
	var p http.Protocols
	if http2 {
		p.SetUnencryptedHTTP2(true)
	} else {
		p.SetHTTP1(true)
	}
	t := &http.Transport{Protocols: &p, MaxIdleConnsPerHost: idlePerHost, MaxIdleConns: 100, IdleConnTimeout: time.Minute}
	return &restClient{http: &http.Client{Transport: t, Timeout: time.Minute}, base: "http://" + addr, id: unaryID, token: token}
}

func (c *restClient) do(ctx context.Context, method, path, contentType string, body []byte, want int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body) // read to the end: only then is the connection reused
	if err == nil && resp.StatusCode != want {
		err = fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	return b, err
}

// getProduct decodes the answer into a pb.Product, as the gRPC client does:
// both sides pay for decoding.
func (c *restClient) getProduct(ctx context.Context) error {
	b, err := c.do(ctx, http.MethodGet, "/products/"+c.id, "", nil, http.StatusOK)
	if err != nil {
		return err
	}
	var p pb.Product
	if err := protojson.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.GetId() != c.id { // as the gRPC client checks: a wrong answer is no answer
		return fmt.Errorf("got %q", p.GetId())
	}
	return nil
}

// listPages walks the cursor pages of 100: 100 requests for 10,000 products.
func (c *restClient) listPages(ctx context.Context) error {
	n, token := 0, ""
	for {
		b, err := c.do(ctx, http.MethodGet, fmt.Sprintf("/products?page_size=%d&page_token=%s", pageSize, token), "", nil, http.StatusOK)
		if err != nil {
			return err
		}
		var page struct {
			Products      []json.RawMessage `json:"products"`
			NextPageToken string            `json:"nextPageToken"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			return err
		}
		for _, raw := range page.Products {
			var p pb.Product
			if err := protojson.Unmarshal(raw, &p); err != nil {
				return err
			}
			n++
		}
		if page.NextPageToken == "" {
			return expect(n, listSize)
		}
		token = page.NextPageToken
	}
}

// listNDJSON reads the one streamed response line by line as it arrives.
func (c *restClient) listNDJSON(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/products/stream", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	lines := bufio.NewScanner(resp.Body)
	n := 0
	for lines.Scan() {
		var p pb.Product
		if err := protojson.Unmarshal(lines.Bytes(), &p); err != nil {
			return err
		}
		n++
	}
	if err := lines.Err(); err != nil {
		return err
	}
	return expect(n, listSize)
}

// uploadBatch sends products as POST /products/batch bodies of `per` each.
func (c *restClient) uploadBatch(ctx context.Context, products []*pb.Product, per int) error {
	for start := 0; start < len(products); start += per {
		body, err := batchBody(products[start:min(start+per, len(products))])
		if err != nil {
			return err
		}
		if _, err := c.do(ctx, http.MethodPost, "/products/batch", "application/json", body, http.StatusCreated); err != nil {
			return err
		}
	}
	return nil
}

func batchBody(products []*pb.Product) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"products":[`)
	for i, p := range products {
		if i > 0 {
			b.WriteByte(',')
		}
		j, err := protojson.Marshal(p)
		if err != nil {
			return nil, err
		}
		b.Write(j)
	}
	b.WriteString("]}")
	return b.Bytes(), nil
}

func expect(got, want int) error {
	if got != want {
		return fmt.Errorf("got %d products, want %d", got, want)
	}
	return nil
}

// uploadIDs makes fresh ids for every upload, so no two uploads collide.
var uploadSeq atomic.Int64

func freshProducts(n int) []*pb.Product {
	prefix := fmt.Sprintf("u%d", uploadSeq.Add(1))
	return catalog.Generate(strings.ToLower(prefix), n)
}
