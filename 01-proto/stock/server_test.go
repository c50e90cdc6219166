package stock

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// reserve calls ReserveStock on your server through the new contract.
func reserve(t *testing.T, c contract, conn grpc.ClientConnInterface, sku string, quantity int32) (protoreflect.Message, error) {
	t.Helper()
	resp, err := call(timeout(t), conn, c.reserve, map[protoreflect.Name]any{"sku": sku, "quantity": quantity})
	if status.Code(err) == codes.Unimplemented {
		t.Fatalf("ReserveStock answers Unimplemented: write it on Server in 01-proto/stock/server.go\n%v\n%s", err, todo)
	}
	return resp, err
}

// stockOf reads one product through GetStock, with the new contract.
func stockOf(t *testing.T, c contract, conn grpc.ClientConnInterface, sku string) (available, reserved int32) {
	t.Helper()
	resp, err := call(timeout(t), conn, c.get, map[protoreflect.Name]any{"sku": sku})
	require.NoError(t, err, "GetStock %s", sku)
	_, available, reserved = counts(resp)
	return available, reserved
}

func TestReserveStock(t *testing.T) {
	c := newContract(t)
	conn := serveStock(t, map[string]int32{"sku-001": 10, "sku-002": 1})

	resp, err := reserve(t, c, conn, "sku-001", 3)
	require.NoError(t, err)
	sku, available, reserved := counts(resp)
	assert.Equal(t, "sku-001", sku, "the response's stock names the product")
	assert.Equal(t, int32(7), available, "10 in stock, 3 reserved: 7 still available")
	assert.Equal(t, int32(3), reserved, "ReserveStockResponse's stock carries the new field: 3 reserved")

	_, err = reserve(t, c, conn, "sku-001", 7)
	require.NoError(t, err, "reserving all that is left is allowed")
	available, reserved = stockOf(t, c, conn, "sku-001")
	assert.Equal(t, int32(0), available, "GetStock after reserving 3 and 7 of 10")
	assert.Equal(t, int32(10), reserved, "GetStock sends the new field too: reserved is 10 after reserving 3 and 7")

	available, reserved = stockOf(t, c, conn, "sku-002")
	assert.Equal(t, [2]int32{1, 0}, [2]int32{available, reserved}, "a reservation changes only its own product")
}

func TestReserveStockRejectsBadInput(t *testing.T) {
	c := newContract(t)
	conn := serveStock(t, map[string]int32{"sku-001": 5})
	cases := []struct {
		name     string
		sku      string
		quantity int32
		code     codes.Code
	}{
		{"quantity 0", "sku-001", 0, codes.InvalidArgument},
		{"negative quantity", "sku-001", -2, codes.InvalidArgument},
		{"empty sku", "", 1, codes.InvalidArgument},
		{"unknown sku", "sku-404", 1, codes.NotFound},
		{"bad quantity of an unknown sku", "sku-404", 0, codes.InvalidArgument},
		{"more than available", "sku-001", 6, codes.FailedPrecondition},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := reserve(t, c, conn, tc.sku, tc.quantity)
			assert.Equal(t, tc.code.String(), status.Code(err).String(), "ReserveStock(%q, %d): %v", tc.sku, tc.quantity, err)
		})
	}
	available, reserved := stockOf(t, c, conn, "sku-001")
	assert.Equal(t, [2]int32{5, 0}, [2]int32{available, reserved}, "a refused reservation changes nothing (available, reserved)")
}

// Many orders at once for the last few: exactly as many succeed as there
// are, the rest are FailedPrecondition, and stock never goes below 0. Run
// it with -race too: go test -race ./01-proto/stock/
func TestReserveStockConcurrently(t *testing.T) {
	c := newContract(t)
	const have, orders = 20, 50
	conn := serveStock(t, map[string]int32{"sku-001": have})
	ctx := timeout(t)

	var wg sync.WaitGroup
	errs := make(chan error, orders)
	for range orders {
		wg.Go(func() {
			_, err := call(ctx, conn, c.reserve, map[protoreflect.Name]any{"sku": "sku-001", "quantity": int32(1)})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	ok, refused := 0, 0
	var other []error
	for err := range errs {
		switch status.Code(err) {
		case codes.OK:
			ok++
		case codes.FailedPrecondition:
			refused++
		case codes.Unimplemented:
			t.Fatalf("ReserveStock answers Unimplemented: write it on Server in 01-proto/stock/server.go. %s", todo)
		default:
			other = append(other, err)
		}
	}
	if len(other) > 0 {
		t.Errorf("%d of the %d orders got neither OK nor FailedPrecondition, the first: %v", len(other), orders, other[0])
	}
	switch {
	case ok > have:
		t.Errorf("%d orders of 1 for %d in stock: %d succeeded, more than there was. Another call got in between a check and its take (check and take under one lock)", orders, have, ok)
	case ok < have && ok+refused == orders:
		t.Errorf("%d orders of 1 for %d in stock: only %d succeeded, and %d of the stock went unsold. An order for exactly what is left must succeed: refuse only more than is available", orders, have, ok, have-ok)
	case ok < have:
		t.Errorf("%d orders of 1 for %d in stock: only %d succeeded", orders, have, ok) // the others' codes are said above
	default:
		assert.Equal(t, orders-have, refused, "the rest are FailedPrecondition")
	}
	available, reserved := stockOf(t, c, conn, "sku-001")
	assert.Equal(t, [2]int32{0, have}, [2]int32{available, reserved}, "after the rush (available, reserved): never below 0, nothing lost")

	if !t.Failed() { // one failure at a time: the rush would say it again
		rushDirectly(t, c)
	}
}

// rushDirectly calls ReserveStock as grpc-go does, through the generated
// service description's handler, without the network. Through the network
// the calls seldom overlap closely enough to show a check and a take made
// in two holds of the lock (the check, an unlock, a lock, the take: no data
// race, so -race is silent too); called directly on several CPUs, one
// round in a few hundred oversells. A correct server passes every round.
func rushDirectly(t *testing.T, c contract) {
	t.Helper()
	var handle grpc.MethodHandler
	for _, m := range StockService_ServiceDesc.Methods {
		if m.MethodName == "ReserveStock" {
			handle = m.Handler
		}
	}
	require.NotNil(t, handle, "the generated service description has no ReserveStock: run go generate ./01-proto/stock/. %s", todo)
	req := dynamicpb.NewMessage(c.reserve.Input())
	req.Set(c.reserve.Input().Fields().ByName("sku"), protoreflect.ValueOfString("sku-001"))
	req.Set(c.reserve.Input().Fields().ByName("quantity"), protoreflect.ValueOfInt32(1))
	wire, err := proto.Marshal(req)
	require.NoError(t, err)
	decode := func(in any) error { return proto.Unmarshal(wire, in.(proto.Message)) }

	const have, workers, each = 20, 8, 10 // 80 orders of 1 for 20
	until := time.Now().Add(time.Second)
	rounds := 0
	for ; rounds < 5000 && time.Now().Before(until); rounds++ {
		srv := NewServer(map[string]int32{"sku-001": have})
		var mu sync.Mutex
		var answers []proto.Message // the successful responses, read after the rush
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for range each {
					if resp, err := handle(srv, t.Context(), decode, nil); err == nil {
						mu.Lock()
						answers = append(answers, resp.(proto.Message))
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		switch n := len(answers); {
		case n > have:
			t.Errorf("round %d of a rush without the network (%d goroutines, %d orders of 1 each, %d in stock): %d orders succeeded. Another call got in between a check and its take: hold s.mu from the check to the take, one hold (check and take under one lock)",
				rounds+1, workers, each, have, n)
			return
		case n < have:
			t.Errorf("round %d of a rush without the network (%d goroutines, %d orders of 1 each, %d in stock): only %d orders succeeded, and %d of the stock went unsold",
				rounds+1, workers, each, have, n, have-n)
			return
		}
		// Each response is the stock just after its own reservation: 19,
		// 18, ... 0 available, each once. A message the server keeps and
		// changes later (one *Stock per sku, returned as it is) reads 0 in
		// every response by now, and grpc-go encodes it after the lock.
		seen := map[int32]bool{}
		for _, a := range answers {
			st := a.ProtoReflect().Get(c.reserve.Output().Fields().ByName("stock")).Message()
			seen[int32(st.Get(c.stock.Fields().ByName("available")).Int())] = true
		}
		if len(seen) != have {
			t.Errorf("round %d: the %d successful responses hold only %d different counts of available (want %d: each response is the stock just after its own reservation). Build a new Stock message for each response, under the lock, from the counts; a message the server keeps and changes later is read (and sent) after the lock is released",
				rounds+1, have, len(seen), have)
			return
		}
	}
	t.Logf("%d rounds of %d orders called directly, each exactly %d reserved (GOMAXPROCS %d)", rounds, workers*each, have, runtime.GOMAXPROCS(0))
	if runtime.GOMAXPROCS(0) == 1 {
		t.Log("one CPU: calls cannot overlap closely here, so a check and a take in two holds of the lock pass unseen; read your lock by eye")
	}
}
