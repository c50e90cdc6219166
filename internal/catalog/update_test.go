package catalog

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

func priceUpdate(id string, price float64) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_NewPrice{NewPrice: price}}
}

func stockUpdate(id string, n int32) *pb.ProductUpdateRequest {
	return &pb.ProductUpdateRequest{ProductId: id, Update: &pb.ProductUpdateRequest_StockAdjustment{StockAdjustment: n}}
}

func TestUpdateApplies(t *testing.T) {
	s := New()
	p := valid("p-1")
	p.StockQuantity = 10
	_, err := s.Create(p)
	require.NoError(t, err)

	got, err := s.Update(priceUpdate("p-1", 2.25))
	require.NoError(t, err)
	assert.Equal(t, 2.25, got.Price)
	got, err = s.Update(stockUpdate("p-1", -4))
	require.NoError(t, err)
	assert.EqualValues(t, 6, got.StockQuantity)
	got, err = s.Update(&pb.ProductUpdateRequest{ProductId: "p-1",
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
			s := New()
			p := valid("p-1")
			p.StockQuantity = 10
			_, err := s.Create(p)
			require.NoError(t, err)
			before, _ := s.Get("p-1")

			_, err = s.Update(tc.req)

			assert.Equal(t, tc.code, Code(err), "err: %v", err)
			after, _ := s.Get("p-1")
			assert.Equal(t, before.String(), after.String(), "a refused update changes nothing")
		})
	}
}

func TestConcurrentStockAdjustmentsLoseNothing(t *testing.T) {
	s := New()
	p := valid("p-1")
	p.StockQuantity = 0
	_, err := s.Create(p)
	require.NoError(t, err)

	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 500 {
				_, err := s.Update(stockUpdate("p-1", int32(1+(w+i)%3)))
				assert.NoError(t, err)
				_, _ = s.List(Query{}) // readers race with writers too
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

func TestHTTPStatus(t *testing.T) {
	assert.Equal(t, 400, HTTPStatus(ErrInvalid))
	assert.Equal(t, 404, HTTPStatus(ErrNotFound))
	assert.Equal(t, 409, HTTPStatus(ErrAlreadyExists))
	assert.Equal(t, 422, HTTPStatus(ErrPrecondition))
	assert.Equal(t, 500, HTTPStatus(assert.AnError))
}
