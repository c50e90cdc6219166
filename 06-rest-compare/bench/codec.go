package bench

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	rest "github.com/grpcvsrest/workshop/06-rest-compare"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step03"
)

// SizeRow is one payload measured three ways, in bytes.
type SizeRow struct {
	What                             string
	Proto, GzipProto, JSON, GzipJSON int
}

// Sizes measures the same data as protobuf, as the REST API's JSON, and
// both gzipped. It returns the one product it measured (as stored, with its
// created_at), so the codec costs are measured on the same one.
func Sizes() ([]SizeRow, *pb.Product, error) {
	store := catalog.New()
	if _, err := store.CreateAll(catalog.Generate("load", listSize)); err != nil {
		return nil, nil, err
	}
	one, err := store.Get(unaryID)
	if err != nil {
		return nil, nil, err
	}
	oneJSON, err := protojson.Marshal(one)
	if err != nil {
		return nil, nil, err
	}

	// A page of 100 as it travels: gRPC sends 100 stream messages, each with
	// a 5-byte length prefix; REST sends one JSON body (what the handler writes).
	page, err := step03.List(store, step03.Query{PageSize: pageSize})
	if err != nil {
		return nil, nil, err
	}
	var grpcPage []byte
	for i, p := range page.Products {
		m := &pb.ListProductsResponse{Product: p}
		if i == len(page.Products)-1 {
			m.NextPageToken = page.NextPageToken
		}
		b, err := proto.Marshal(m)
		if err != nil {
			return nil, nil, err
		}
		grpcPage = append(grpcPage, 0, 0, 0, 0, 0) // the gRPC frame: compressed flag + length
		grpcPage = append(grpcPage, b...)
	}
	oneProto, err := proto.Marshal(one)
	if err != nil {
		return nil, nil, err
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/products?page_size=100", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rest.NewServer(store, rest.Config{Token: token}).ServeHTTP(rec, req)
	pageJSON := rec.Body.Bytes()

	return []SizeRow{
		{"one product", len(oneProto), gzipLen(oneProto), len(oneJSON), gzipLen(oneJSON)},
		{"a page of 100 products", len(grpcPage), gzipLen(grpcPage), len(pageJSON), gzipLen(pageJSON)},
	}, one, nil
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}

// codec is one way to turn a product into bytes and back.
type codec struct {
	name      string
	marshal   func(*pb.Product) ([]byte, error)
	unmarshal func([]byte, *pb.Product) error
}

var codecs = []codec{
	{"protobuf (proto.Marshal/Unmarshal)", func(p *pb.Product) ([]byte, error) { return proto.Marshal(p) },
		func(b []byte, p *pb.Product) error { return proto.Unmarshal(b, p) }},
	{"protojson", func(p *pb.Product) ([]byte, error) { return protojson.Marshal(p) },
		func(b []byte, p *pb.Product) error { return protojson.Unmarshal(b, p) }},
	{"encoding/json", func(p *pb.Product) ([]byte, error) { return json.Marshal(p) },
		func(b []byte, p *pb.Product) error { return json.Unmarshal(b, p) }},
}

// CodecRow is the cost of one encoding or decoding of one product.
type CodecRow struct {
	Codec     string
	Encode    testing.BenchmarkResult
	Decode    testing.BenchmarkResult
	SizeBytes int
}

// Codecs times encoding and decoding one product with protobuf, protojson
// (the proto JSON mapping the REST API uses) and encoding/json on the same
// generated struct, on product p. benchtime is per measurement, e.g. "1s".
func Codecs(benchtime string, p *pb.Product) ([]CodecRow, error) {
	testing.Init()
	if err := flag.Set("test.benchtime", benchtime); err != nil {
		return nil, err
	}
	var rows []CodecRow
	for _, c := range codecs {
		encoded, err := c.marshal(p)
		if err != nil {
			return nil, err
		}
		enc := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = c.marshal(p)
			}
		})
		dec := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var q pb.Product
				_ = c.unmarshal(encoded, &q)
			}
		})
		rows = append(rows, CodecRow{Codec: c.name, Encode: enc, Decode: dec, SizeBytes: len(encoded)})
	}
	return rows, nil
}
