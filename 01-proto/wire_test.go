package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for the exercises in wire.go. Run: go test ./01-proto/...

func TestWireFields(t *testing.T) {
	p := &pb.Product{
		Id:        "prod-001",
		Price:     9.99,
		ImageUrls: []string{"a.jpg", "b.jpg"},
		Status:    pb.ProductStatus_PRODUCT_STATUS_ACTIVE,
		// Name, Category, StockQuantity... are zero: proto3 does not send them.
	}
	b, err := proto.Marshal(p)
	require.NoError(t, err)

	fields, err := WireFields(b)

	require.NoError(t, err)
	assert.Equal(t, []Field{
		{1, protowire.BytesType},   // id: strings are length-prefixed bytes
		{4, protowire.Fixed64Type}, // price: a double is always 8 bytes
		{7, protowire.BytesType},   // image_urls: a repeated string is one field per item
		{7, protowire.BytesType},
		{8, protowire.VarintType}, // status: enums are varints
	}, fields)
}

func TestWireFieldsOfAnEmptyMessage(t *testing.T) {
	fields, err := WireFields(nil)
	require.NoError(t, err, "an empty message is zero bytes, and valid")
	assert.Empty(t, fields)
}

func TestWireFieldsRejectsBrokenBytes(t *testing.T) {
	cases := map[string][]byte{
		"length runs past the end":   {0x0a, 0x05, 'a'},  // field 1, bytes, says 5 but has 1
		"field number zero":          {0x00, 0x01},       // tag 0 is never valid
		"varint never ends":          {0x40, 0xff, 0xff}, // field 8, varint, continuation bit set to the end
		"a lone byte":                {0x80},             // a tag cut short: one byte is a field too, or broken
		"a tag cut short at the end": {0x08, 0x01, 0x80}, // field 1 = 1, then half a tag
		"a last tag with no value":   {0x08, 0x01, 0x08}, // field 1 = 1, then field 1's tag and nothing
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := WireFields(b)
			assert.Equal(t, codes.InvalidArgument.String(), status.Code(err).String(), "err: %v", err)
		})
	}
}

func TestCompareSizes(t *testing.T) {
	p := catalog.Samples()[0]
	js, err := protojson.Marshal(p)
	require.NoError(t, err)

	sizes, err := CompareSizes(p)

	require.NoError(t, err)
	assert.Equal(t, proto.Size(p), sizes.Proto)
	assert.Equal(t, len(js), sizes.JSON)
	assert.Less(t, sizes.Proto, sizes.JSON)
	t.Logf("one sample product: proto %d bytes, JSON %d bytes (%.1fx); the guide claims up to 10x",
		sizes.Proto, sizes.JSON, float64(sizes.JSON)/float64(sizes.Proto))
}

func TestCompareSizesOfAnEmptyProduct(t *testing.T) {
	sizes, err := CompareSizes(&pb.Product{})
	require.NoError(t, err)
	assert.Equal(t, Sizes{Proto: 0, JSON: 2}, sizes, "zero bytes of proto, {} of JSON")
}

func TestDescribeUpdate(t *testing.T) {
	cases := []struct {
		update *pb.ProductUpdateRequest
		want   string
	}{
		{&pb.ProductUpdateRequest{ProductId: "prod-001", Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: 9.99}},
			"set price of prod-001 to 9.99"},
		{&pb.ProductUpdateRequest{ProductId: "prod-002", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: 5}},
			"adjust stock of prod-002 by +5"},
		{&pb.ProductUpdateRequest{ProductId: "prod-002", Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: -3}},
			"adjust stock of prod-002 by -3"},
		{&pb.ProductUpdateRequest{ProductId: "prod-003", Update: &pb.ProductUpdateRequest_NewStatus{NewStatus: pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED}},
			"set status of prod-003 to PRODUCT_STATUS_DISCONTINUED"},
	}
	for _, tc := range cases {
		got, err := DescribeUpdate(tc.update)
		require.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}

	_, err := DescribeUpdate(&pb.ProductUpdateRequest{ProductId: "prod-001"})
	assert.Equal(t, codes.InvalidArgument.String(), status.Code(err).String(),
		"an empty oneof is the caller's mistake: %v", err)
}

// FuzzWireFields: whatever the bytes, WireFields answers fields or
// InvalidArgument, never panics; and the bytes of any message it accepts
// as a Product re-encode to as many fields. (verify runs the seeds; CI
// fuzzes it for a few seconds: go run ./cmd/workshop fuzz.)
func FuzzWireFields(f *testing.F) {
	for _, p := range catalog.Samples()[:3] {
		b, _ := proto.Marshal(p)
		f.Add(b)
	}
	f.Add([]byte{0x0a, 0x05, 'a'})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		fields, err := WireFields(b)
		if err != nil {
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("want InvalidArgument for broken bytes, got %v", err)
			}
			return
		}
		var p pb.Product
		if proto.Unmarshal(b, &p) == nil && len(fields) == 0 && len(b) > 0 {
			t.Fatalf("%d bytes that decode as a Product, but no fields", len(b))
		}
	})
}
