package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"google.golang.org/protobuf/proto"

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
// Names and descriptions are made of varied words (from a fixed seed, so the
// same every run): text that repeats itself would make gzip look far better
// than it does on real data.
func Generate(prefix string, n int) []*pb.Product {
	cats := []string{"books", "electronics", "garden", "kitchen"}
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	words := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = vocabulary[rng.IntN(len(vocabulary))]
		}
		return strings.Join(w, " ")
	}
	out := make([]*pb.Product, n)
	for i := range out {
		id := fmt.Sprintf("%s-%07d", prefix, i+1)
		name := words(3)
		out[i] = &pb.Product{
			Id:            id,
			Name:          strings.ToUpper(name[:1]) + name[1:], // "Bamboo kitchen lamp"
			Description:   words(12 + rng.IntN(8)),
			Price:         float64(100+rng.IntN(100000)) / 100,
			Category:      cats[i%len(cats)],
			StockQuantity: int32(rng.IntN(500)),
			ImageUrls:     []string{fmt.Sprintf("https://img.example.com/%s/%x.jpg", id, rng.Uint32())},
			Status:        pb.ProductStatus_PRODUCT_STATUS_ACTIVE,
		}
	}
	return out
}

var vocabulary = strings.Fields(`
	acoustic adjustable aluminium amber ash bamboo battery beech bold bright brushed
	canvas carbon ceramic charcoal classic clear cobalt compact copper cordless cotton
	crisp curved dark deep delicate dense digital double durable elegant ergonomic extra
	fast fine flexible folding forged fresh frosted gentle glass gloss golden granite
	graphite green grey handmade heavy hollow indigo insulated ivory jade large leather
	light linen long low magnetic maple marble matte metal mild mini modern modular
	natural navy nylon oak olive organic oval pale plain polished portable premium pure
	quiet rapid raw recycled red rigid robust rose round rubber rugged rustic sage
	sealed sharp silent silver simple slim small smart smooth soft solid spare stainless
	steel sturdy teak thin tidy titanium travel tough twin vintage walnut warm washable
	waterproof white wide wireless wooden woven yellow zinc
	bag blade board bottle bowl box brush cable cap case chair clip clock cover cup
	desk dock drawer fan filter frame glove grinder hook jar jug kettle lamp lid mat
	mug pad pan pen plate pot pouch rack rail ring rope scale screen shelf sleeve
	spoon stand stool strap tray tube vase wallet watch wheel
	for with and the a of in to on keeps makes holds fits lasts works every day home
	office kitchen garden trip gift season family years easily quickly well`)

// OfSize returns p with its description padded so that it encodes to
// exactly size bytes (for tests at MaxProductBytes). p must be smaller. (A
// size just past a length-prefix boundary, 130 or 16,387 bytes, has no
// answer: it panics.)
func OfSize(p *pb.Product, size int) *pb.Product {
	p = clone(p)
	// The description's length prefix grows with it, so settle in a few
	// rounds, trimming when a round overshoots.
	for range 8 {
		n := proto.Size(p)
		if n == size {
			return p
		}
		if n < size {
			p.Description += strings.Repeat("x", size-n)
		} else {
			p.Description = p.Description[:len(p.Description)-(n-size)]
		}
	}
	panic(fmt.Sprintf("catalog.OfSize: no description makes %d bytes exactly", size))
}
