package step05

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/grpc/codes"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func valid(id string) *pb.Product {
	return &pb.Product{Id: id, Name: "Thing", Price: 1.5, Status: pb.ProductStatus_PRODUCT_STATUS_ACTIVE}
}

func priceUpdate(id string, price float64) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: price}}
}

func stockUpdate(id string, n int32) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: n}}
}

func TestUpdateApplies(t *testing.T) {
	s := catalog.New()
	p := valid("p-1")
	p.StockQuantity = 10
	_, err := s.Create(p)
	require.NoError(t, err)

	got, err := Apply(s, priceUpdate("p-1", 2.25))
	require.NoError(t, err)
	assert.Equal(t, 2.25, got.Price)
	got, err = Apply(s, stockUpdate("p-1", -4))
	require.NoError(t, err)
	assert.EqualValues(t, 6, got.StockQuantity)
	got, err = Apply(s, &pb.ProductUpdateRequest{ProductId: "p-1",
		Update: &pb.ProductUpdateRequest_NewStatus{NewStatus: pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED}})
	require.NoError(t, err)
	assert.Equal(t, pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED, got.Status)

	got.Price = 999 // a copy: the store does not change
	again, _ := s.Get("p-1")
	assert.Equal(t, 2.25, again.Price)
}

func TestUpdateRefusesAndChangesNothing(t *testing.T) {
	cases := []struct {
		name string
		req  *pb.ProductUpdateRequest
		code codes.Code
	}{
		{"empty id", priceUpdate("", 1), codes.InvalidArgument},
		{"unknown id", priceUpdate("nope", 1), codes.NotFound},
		{"no update set", &pb.ProductUpdateRequest{ProductId: "p-1"}, codes.InvalidArgument},
		{"negative price", priceUpdate("p-1", -1), codes.InvalidArgument},
		{"NaN price", priceUpdate("p-1", math.NaN()), codes.InvalidArgument},
		{"unset status", &pb.ProductUpdateRequest{ProductId: "p-1", Update: &pb.ProductUpdateRequest_NewStatus{}}, codes.InvalidArgument},
		{"stock below zero", stockUpdate("p-1", -11), codes.FailedPrecondition},
		{"stock overflow", stockUpdate("p-1", math.MaxInt32), codes.FailedPrecondition},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := catalog.New()
			p := valid("p-1")
			p.StockQuantity = 10
			_, err := s.Create(p)
			require.NoError(t, err)
			before, _ := s.Get("p-1")

			_, err = Apply(s, tc.req)

			assert.Equal(t, tc.code, catalog.Code(err), "err: %v", err)
			after, _ := s.Get("p-1")
			assert.Equal(t, before.String(), after.String(), "a refused update changes nothing")
		})
	}
}

func TestConcurrentStockAdjustmentsLoseNothing(t *testing.T) {
	s := catalog.New()
	p := valid("p-1")
	p.StockQuantity = 0
	_, err := s.Create(p)
	require.NoError(t, err)

	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 500 {
				_, err := Apply(s, stockUpdate("p-1", int32(1+(w+i)%3)))
				assert.NoError(t, err)
				_ = s.Scan("", "", 100) // readers race with writers too
			}
		})
	}
	wg.Wait()

	want := 0
	for w := range 8 {
		for i := range 500 {
			want += 1 + (w+i)%3
		}
	}
	got, _ := s.Get("p-1")
	assert.EqualValues(t, want, got.StockQuantity)
}
