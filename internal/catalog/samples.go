package catalog

import (
	"fmt"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// Seeded returns a store holding the sample catalogue: 36 products in six
// categories. Every stage's server starts with it, so `prod-001` is there to
// look up from the first minute.
func Seeded() *Store {
	s := New()
	if _, err := s.CreateAll(Samples()); err != nil {
		panic("catalog: sample data is invalid: " + err.Error()) // a bug in this file
	}
	return s
}

var sampleCategories = []struct {
	name  string
	items []string
}{
	{"books", []string{"The Go Programming Language", "Designing Data-Intensive Applications", "Site Reliability Engineering", "Release It!", "The Pragmatic Programmer", "Concurrency in Go"}},
	{"electronics", []string{"USB-C Hub", "Mechanical Keyboard", "Noise-Cancelling Headphones", "4K Monitor", "Portable SSD 1TB", "Wireless Mouse"}},
	{"garden", []string{"Watering Can", "Pruning Shears", "Raised Bed Kit", "Compost Bin", "Garden Hose 25m", "Seed Starter Tray"}},
	{"kitchen", []string{"Chef's Knife", "Cast Iron Skillet", "Pour-Over Kettle", "Burr Coffee Grinder", "Cutting Board", "Dutch Oven"}},
	{"outdoor", []string{"Trail Backpack 30L", "Two-Person Tent", "Headlamp", "Water Filter", "Sleeping Bag", "Trekking Poles"}},
	{"toys", []string{"Wooden Blocks", "Puzzle 1000 Pieces", "Kite", "Marble Run", "Card Game", "Model Rocket"}},
}

// Samples returns fresh copies of the sample products, ids prod-001 to prod-036.
func Samples() []*pb.Product {
	var out []*pb.Product
	n := 0
	for _, c := range sampleCategories {
		for j, name := range c.items {
			n++
			status := pb.ProductStatus_PRODUCT_STATUS_ACTIVE
			stock := int32(5 + (n*7)%40)
			switch j {
			case 4:
				status, stock = pb.ProductStatus_PRODUCT_STATUS_OUT_OF_STOCK, 0
			case 5:
				status = pb.ProductStatus_PRODUCT_STATUS_DISCONTINUED
			}
			out = append(out, &pb.Product{
				Id:            fmt.Sprintf("prod-%03d", n),
				Name:          name,
				Description:   fmt.Sprintf("%s from the %s aisle.", name, c.name),
				Price:         float64(499+n*250) / 100,
				Category:      c.name,
				StockQuantity: stock,
				ImageUrls:     []string{fmt.Sprintf("https://img.example.com/prod-%03d.jpg", n)},
				Status:        status,
			})
		}
	}
	return out
}

// Generate returns n valid products with ids prefix-0000001 and up, spread
// over four categories: the load for the streaming tests and the benchmark.
func Generate(prefix string, n int) []*pb.Product {
	cats := []string{"books", "electronics", "garden", "kitchen"}
	out := make([]*pb.Product, n)
	for i := range out {
		out[i] = &pb.Product{
			Id:            fmt.Sprintf("%s-%07d", prefix, i+1),
			Name:          fmt.Sprintf("Generated product %d", i+1),
			Description:   "A product made up for load tests, about as long as a real description.",
			Price:         float64(100+i%10000) / 100,
			Category:      cats[i%len(cats)],
			StockQuantity: int32(i % 500),
			ImageUrls:     []string{fmt.Sprintf("https://img.example.com/%s-%d.jpg", prefix, i+1)},
			Status:        pb.ProductStatus_PRODUCT_STATUS_ACTIVE,
		}
	}
	return out
}
