package bidi

import (
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for applyUpdate in apply.go. Run them under the race detector:
// go test -race ./05-bidi/...

const todoApply = "TODO(05): write applyUpdate in 05-bidi/apply.go -- see 05-bidi/README.md#write-applyupdate"

func TestApplyUpdate(t *testing.T) {
	s := &Service{store: seeded()}
	before, err := s.store.Get("prod-002")
	require.NoError(t, err)

	got, err := s.applyUpdate(price("prod-001", 12.5))
	require.NoError(t, err, todoApply)
	assert.Equal(t, 12.5, got.GetPrice())
	assert.Equal(t, "The Go Programming Language", got.GetName(), "the whole product comes back")

	got, err = s.applyUpdate(stock("prod-002", -2))
	require.NoError(t, err)
	assert.Equal(t, before.GetStockQuantity()-2, got.GetStockQuantity())

	got, err = s.applyUpdate(newStatus("prod-003", pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED))
	require.NoError(t, err)
	assert.Equal(t, pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED, got.GetStatus())

	stored, err := s.store.Get("prod-001")
	require.NoError(t, err)
	assert.Equal(t, 12.5, stored.GetPrice(), "the store has the change")
	stored, _ = s.store.Get("prod-002")
	assert.Equal(t, before.GetStockQuantity()-2, stored.GetStockQuantity())
}

// What applyUpdate returns is a copy: the caller (Send) reads it with no
// lock held, so it must not be the store's own product.
func TestApplyUpdateReturnsACopy(t *testing.T) {
	s := &Service{store: seeded()}
	got, err := s.applyUpdate(price("prod-001", 12.5))
	require.NoError(t, err, todoApply)

	got.Price = 999
	got.Name = "changed by the caller"
	stored, _ := s.store.Get("prod-001")
	assert.Equal(t, 12.5, stored.GetPrice(), "the caller changed the store through the answer: return catalog.Clone(p), not p")
	assert.Equal(t, "The Go Programming Language", stored.GetName())
}

func TestApplyUpdateRefusesAndChangesNothing(t *testing.T) {
	cases := []struct {
		name    string
		req     *pb.ProductUpdateRequest
		code    codes.Code
		message string
	}{
		{"unknown id", price("prod-999", 1), codes.NotFound, `product "prod-999" not found`},
		{"empty id", price("", 1), codes.InvalidArgument, "product_id is required"},
		{"malformed id", price("prod 1", 1), codes.InvalidArgument, "may only hold"},
		{"no update set", &pb.ProductUpdateRequest{ProductId: "prod-001"}, codes.InvalidArgument, "update is required"},
		{"negative price", price("prod-001", -3), codes.InvalidArgument, "price must be >= 0"},
		{"NaN price", price("prod-001", math.NaN()), codes.InvalidArgument, "finite"},
		{"infinite price", price("prod-001", math.Inf(1)), codes.InvalidArgument, "finite"},
		{"unset status", newStatus("prod-001", pb.ProductStatus_PRODUCT_STATUS_UNSPECIFIED), codes.InvalidArgument, "status is required"},
		{"unknown status", newStatus("prod-001", 9), codes.InvalidArgument, "9 is not a known"},
		{"stock below zero", stock("prod-001", -1000), codes.FailedPrecondition, "would leave"},
		{"stock overflow", stock("prod-001", math.MaxInt32), codes.FailedPrecondition, "overflow"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &Service{store: seeded()}
			before, err := s.store.Get("prod-001")
			require.NoError(t, err)

			got, err := s.applyUpdate(tc.req)

			assert.Nil(t, got)
			require.Error(t, err)
			assert.Equal(t, tc.code.String(), catalog.Code(err).String(), "%s\ngot: %v", todoApply, err)
			assert.Contains(t, err.Error(), tc.message)
			after, _ := s.store.Get("prod-001")
			assert.Equal(t, before.String(), after.String(), "a refused update changes nothing")
		})
	}
}

// A malformed request is judged before the lock: it is refused even while another writer holds it.
func TestApplyUpdateJudgesBeforeTheLock(t *testing.T) {
	s := &Service{store: seeded()}
	s.store.Lock()
	done := make(chan error, 1)
	go func() {
		_, err := s.applyUpdate(price("prod-001", -3))
		done <- err
	}()
	select {
	case err := <-done:
		s.store.Unlock()
		assert.Equal(t, codes.InvalidArgument.String(), catalog.Code(err).String(), "%s\ngot: %v", todoApply, err)
	case <-time.After(2 * time.Second):
		s.store.Unlock()
		<-done
		t.Fatal("a malformed update waited for the store's lock: judge the request before taking it")
	}
}

// The stream fails before its first answer while the window is full: the sender must stop waiting.

// The guide's race, yours to make or avoid. 8 writers adjust the same stock
// while they read what applyUpdate returned, and 2 readers copy the product
// out. Under -race, a product that escapes the lock (returned as the store's
// own pointer, or changed after Unlock) is a DATA RACE report; without
// -race, an update outside the lock loses increments.
func TestConcurrentApplyLosesNothing(t *testing.T) {
	s := &Service{store: seeded()}
	start, err := s.store.Get("prod-007")
	require.NoError(t, err)

	const writers, each = 8, 300
	var wg sync.WaitGroup
	failures := make(chan error, writers)
	for range writers {
		wg.Go(func() {
			for range each {
				p, err := s.applyUpdate(stock("prod-007", 1))
				if err != nil {
					failures <- err
					return
				}
				_ = p.GetStockQuantity() + int32(len(p.GetName())) // read the answer, as Send would
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range each {
				_, _ = s.store.Get("prod-007")
			}
		})
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		require.NoError(t, err, todoApply)
	}
	end, _ := s.store.Get("prod-007")
	assert.Equal(t, start.GetStockQuantity()+writers*each, end.GetStockQuantity(), "lost updates: is the whole read-modify-write under the lock?")
}
