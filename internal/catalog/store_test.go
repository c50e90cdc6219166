package catalog

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func valid(id string) *pb.Product {
	return &pb.Product{Id: id, Name: "Thing", Price: 1.5, Category: "books",
		Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE}
}

func TestCreateAllRejectsBadProductsAndStoresNothing(t *testing.T) {
	edit := func(f func(p *pb.Product)) *pb.Product { p := valid("p-2"); f(p); return p }
	cases := []struct {
		name    string
		bad     *pb.Product
		code    codes.Code
		message string
	}{
		{"nil product", nil, codes.InvalidArgument, "product is required"},
		{"empty id", edit(func(p *pb.Product) { p.Id = "" }), codes.InvalidArgument, "product_id is required"},
		{"id with a space", edit(func(p *pb.Product) { p.Id = "a b" }), codes.InvalidArgument, "may only hold"},
		{"id too long", edit(func(p *pb.Product) { p.Id = strings.Repeat("x", 65) }), codes.InvalidArgument, "longer than 64"},
		{"empty name", edit(func(p *pb.Product) { p.Name = "" }), codes.InvalidArgument, "name is required"},
		{"name too long", edit(func(p *pb.Product) { p.Name = strings.Repeat("é", 201) }), codes.InvalidArgument, "longer than 200"},
		{"negative price", edit(func(p *pb.Product) { p.Price = -0.01 }), codes.InvalidArgument, "price must be >= 0"},
		{"NaN price", edit(func(p *pb.Product) { p.Price = math.NaN() }), codes.InvalidArgument, "price must be a finite number"},
		{"infinite price", edit(func(p *pb.Product) { p.Price = math.Inf(1) }), codes.InvalidArgument, "finite"},
		{"negative stock", edit(func(p *pb.Product) { p.StockQuantity = -1 }), codes.InvalidArgument, "stock_quantity must be >= 0"},
		{"unset status", edit(func(p *pb.Product) { p.Status = 0 }), codes.InvalidArgument, "status is required"},
		{"unknown status", edit(func(p *pb.Product) { p.Status = 42 }), codes.InvalidArgument, "42 is not a known"},
		{"duplicate in batch", valid("p-1"), codes.AlreadyExists, "already used by product 0"},
		{"duplicate in store", valid("taken"), codes.AlreadyExists, `"taken" already exists`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := New()
			_, err := s.Create(valid("taken"))
			require.NoError(t, err)

			_, err = s.CreateAll([]*pb.Product{valid("p-1"), tc.bad, valid("p-3")})

			require.Error(t, err)
			assert.Equal(t, tc.code, Code(err), "err: %v", err)
			assert.Contains(t, err.Error(), "product 1:")
			assert.Contains(t, err.Error(), tc.message)
			assert.Equal(t, 1, s.Len(), "a rejected batch must store nothing")
		})
	}
}

// The size cap, at its boundary: a product of exactly MaxProductBytes is
// stored, one byte more is refused and nothing is stored.
func TestProductSizeCap(t *testing.T) {
	s := New()
	atCap := OfSize(valid("at-cap"), MaxProductBytes)
	require.Equal(t, MaxProductBytes, proto.Size(atCap))
	over := OfSize(valid("over-cap"), MaxProductBytes+1)
	require.Equal(t, MaxProductBytes+1, proto.Size(over))

	_, err := s.Create(atCap)
	require.NoError(t, err, "a product of exactly MaxProductBytes is allowed")
	_, err = s.Create(over)
	assert.Equal(t, codes.InvalidArgument, Code(err), "err: %v", err)
	assert.Contains(t, err.Error(), "at most 1048576")
	assert.Equal(t, 1, s.Len())
}

func TestClonesInAndOut(t *testing.T) {
	s := New()
	in := valid("p-1")
	_, err := s.Create(in)
	require.NoError(t, err)

	in.Name = "changed by the caller after Create"
	out, err := s.Get("p-1")
	require.NoError(t, err)
	assert.Equal(t, "Thing", out.Name, "the store must not keep the caller's pointer")
	assert.NotNil(t, out.CreatedAt, "the store sets created_at")

	out.Name = "changed by the caller after Get"
	again, err := s.Get("p-1")
	require.NoError(t, err)
	assert.Equal(t, "Thing", again.Name, "the store must not hand out its own pointer")

}

func TestGetErrors(t *testing.T) {
	s := Seeded()
	_, err := s.Get("")
	assert.Equal(t, codes.NotFound, Code(err), "Get leaves request validation to the API")
	_, err = s.Get("no-such-id")
	assert.Equal(t, codes.NotFound, Code(err))
	assert.True(t, errors.Is(err, ErrNotFound))
	p, err := s.Get("prod-001")
	require.NoError(t, err)
	assert.Equal(t, "books", p.Category)
}

func TestSamples(t *testing.T) {
	s := Seeded()
	assert.Equal(t, 36, s.Len())
	cats := map[string]int{}
	for _, p := range Samples() {
		cats[p.Category]++
	}
	assert.Len(t, cats, 6)
}

func TestBatchesKeepTheOrder(t *testing.T) {
	s := New()
	for _, prefix := range []string{"m", "a", "z", "b"} {
		_, err := s.CreateAll(Generate(prefix, 50))
		require.NoError(t, err)
	}
	_, err := s.Create(valid("c-1"))
	require.NoError(t, err)
	all := ids(t, s, "", "", MaxPageSize)
	require.Len(t, all, 201)
	assert.IsIncreasing(t, all)
}
