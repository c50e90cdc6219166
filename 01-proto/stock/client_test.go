package stock

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

// fakeStock is a StockService that serves only ReserveStock, built from the
// contract's descriptor, and records what it was sent: the client tests need
// no server of yours.
type fakeStock struct {
	mu    sync.Mutex
	calls []string // "sku quantity"
}

func (f *fakeStock) register(c contract) func(*grpc.Server) {
	handler := func(_ any, _ context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
		req := dynamicpb.NewMessage(c.reserve.Input())
		if err := dec(req); err != nil {
			return nil, err
		}
		fields := req.Descriptor().Fields()
		sku, quantity := req.Get(fields.ByName("sku")).String(), int32(req.Get(fields.ByName("quantity")).Int())
		f.mu.Lock()
		f.calls = append(f.calls, fmt.Sprintf("%s %d", sku, quantity))
		f.mu.Unlock()
		if sku == "sku-404" {
			return nil, status.Errorf(codes.NotFound, "sku %q not found", sku)
		}
		st := dynamicpb.NewMessage(c.stock)
		st.Set(c.stock.Fields().ByName("sku"), protoreflect.ValueOfString(sku))
		st.Set(c.stock.Fields().ByName("available"), protoreflect.ValueOfInt32(10-quantity))
		st.Set(c.stock.Fields().ByName("reserved"), protoreflect.ValueOfInt32(quantity))
		resp := dynamicpb.NewMessage(c.reserve.Output())
		resp.Set(c.reserve.Output().Fields().ByName("stock"), protoreflect.ValueOfMessage(st))
		return resp, nil
	}
	desc := &grpc.ServiceDesc{
		ServiceName: string(c.reserve.Parent().FullName()),
		HandlerType: (*any)(nil),
		Methods:     []grpc.MethodDesc{{MethodName: string(c.reserve.Name()), Handler: handler}},
	}
	return func(s *grpc.Server) { s.RegisterService(desc, f) }
}

func TestReserve(t *testing.T) {
	c := newContract(t)
	fake := &fakeStock{}
	conn := serve(t, fake.register(c))
	ctx := timeout(t)

	available, err := Reserve(ctx, conn, "sku-001", 3)
	fake.mu.Lock()
	calls := append([]string(nil), fake.calls...)
	fake.mu.Unlock()
	if len(calls) == 0 {
		t.Fatalf("Reserve made no ReserveStock call (it returned %d, %v): the server sets stock aside only when asked, through the new RPC", available, err)
	}
	require.NoError(t, err, "Reserve against a server that has 10 of sku-001")
	require.Equal(t, []string{"sku-001 3"}, calls, "Reserve sends one ReserveStock call with the sku and the quantity")
	assert.Equal(t, int32(7), available, "Reserve returns the stock's available after the reservation, from the response")

	_, err = Reserve(ctx, conn, "sku-404", 1)
	assert.Equal(t, codes.NotFound.String(), status.Code(err).String(), "the server's status comes back as it was sent: %v", err)
	// Wrapped (fmt.Errorf with %w), the code survives but the message does
	// not: status.Convert then gives the whole wrapped text, and a caller
	// that shows the server's message shows yours around it.
	assert.Equal(t, fmt.Sprintf("sku %q not found", "sku-404"), status.Convert(err).Message(), // what the fake sent
		"the server's error comes back as it came, not wrapped: Reserve returns err itself (the caller reads its code and message with status.Convert)")
}
