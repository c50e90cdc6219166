package catalog

import (
	"math"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

const (
	maxIDLen   = 64
	maxNameLen = 200
)

// ValidateID checks a product id: 1 to 64 of A-Z a-z 0-9 . _ -
// A tight alphabet keeps ids safe in URLs, logs and page tokens.
func ValidateID(id string) error {
	if id == "" {
		return Invalid("product_id", "is required")
	}
	if len(id) > maxIDLen {
		return Invalid("product_id", "is longer than %d characters", maxIDLen)
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
		if !ok {
			return Invalid("product_id", "%q may only hold A-Z a-z 0-9 . _ -", id)
		}
	}
	return nil
}

// ValidatePrice rejects what a float64 can hold but a price cannot be.
// NaN fails every comparison, so "price < 0" alone would let it in.
func ValidatePrice(price float64) error {
	if math.IsNaN(price) || math.IsInf(price, 0) {
		return Invalid("price", "must be a finite number")
	}
	if price < 0 {
		return Invalid("price", "must be >= 0, got %v", price)
	}
	return nil
}

// ValidateStatus accepts only the named, non-zero enum values. Proto3 enums
// are open: a client may send 42, and it arrives as ProductStatus(42).
func ValidateStatus(s pb.ProductStatus) error {
	if s == pb.ProductStatus_PRODUCT_STATUS_UNSPECIFIED {
		return Invalid("status", "is required (PRODUCT_STATUS_UNSPECIFIED is the unset value)")
	}
	if _, known := pb.ProductStatus_name[int32(s)]; !known {
		return Invalid("status", "%d is not a known ProductStatus", s)
	}
	return nil
}

// MaxProductBytes caps one product's encoded size. Every answer that holds
// a product (GetProduct, a ListProducts message, a ProductUpdates answer)
// must stay under a default client's 4 MB receive limit, or the product
// would be stored and then unreadable; 1 MiB leaves room for created_at, the
// page token and the framing, and for a larger default one day.
const MaxProductBytes = 1 << 20

// Validate checks every rule of a product the contract states.
func Validate(p *pb.Product) error {
	if p == nil {
		return Invalid("product", "is required")
	}
	if n := proto.Size(p); n > MaxProductBytes {
		return Invalid("product", "is %d bytes encoded; at most %d (MaxProductBytes)", n, MaxProductBytes)
	}
	if err := ValidateID(p.GetId()); err != nil {
		return err
	}
	name := p.GetName()
	if name == "" {
		return Invalid("name", "is required")
	}
	if utf8.RuneCountInString(name) > maxNameLen {
		return Invalid("name", "is longer than %d characters", maxNameLen)
	}
	if err := ValidatePrice(p.GetPrice()); err != nil {
		return err
	}
	if p.GetStockQuantity() < 0 {
		return Invalid("stock_quantity", "must be >= 0, got %d", p.GetStockQuantity())
	}
	return ValidateStatus(p.GetStatus())
}
