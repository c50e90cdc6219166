package stock

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The new RPC and field are in the generated code, shaped as the README says.
func TestContractHasReserveStock(t *testing.T) {
	c := newContract(t)
	t.Logf("rpc %s(%s) returns (%s); Stock.reserved = %d", c.reserve.Name(), c.reserve.Input().Name(), c.reserve.Output().Name(),
		c.stock.Fields().ByName("reserved").Number())
}

// The generated code is stock.proto's: go generate ran after the last edit.
func TestGeneratedCodeIsFresh(t *testing.T) {
	fromProto := built(t, yours(t))
	generated := protodesc.ToFileDescriptorProto(File_stock_proto)
	if !proto.Equal(fromProto, generated) {
		t.Fatalf("stock.pb.go and stock_grpc.pb.go are not what stock.proto makes (the contract changed, the Go code did not): run go generate ./01-proto/stock/")
	}
}

// buf breaking: your stock.proto against the contract as it was before
// (testdata/baseline), with buf.yaml's rules. Adding is safe; changing what
// old clients send or call is not.
func TestOldClientsKeepWorking(t *testing.T) {
	dir := yours(t)
	out, err := buf(t, "breaking", dir, "--against", baseline(t))
	// buf names the copy it was given; the lines are those of your file.
	out = strings.NewReplacer(dir+"/", "01-proto/stock/", dir+`\`, "01-proto/stock/").Replace(out)
	if err != nil {
		t.Fatalf("buf breaking refuses your stock.proto against the old contract, testdata/baseline (%v):\n%s\n"+
			"A change that breaks clients built from the old contract: add, never change. A new field gets a new number, a new RPC a new name; keep every old number, type, name and RPC.", err, out)
	}
}

// A client built from the old contract (the baseline's descriptor, not
// today's generated code) calls GetStock on your server and reads what a
// client of the new contract reads.
func TestOldClientReadsTheNewServer(t *testing.T) {
	conn := serveStock(t, map[string]int32{"sku-001": 10})
	ctx := timeout(t)
	oldGet := old(t).Services().ByName("StockService").Methods().ByName("GetStock")
	newGet := File_stock_proto.Services().ByName("StockService").Methods().ByName("GetStock")
	require.NotNil(t, newGet, "the contract has no rpc GetStock any more: old clients still call it, so it stays")

	// With your change in, reserve some first, so the new field is not 0.
	if reserve := File_stock_proto.Services().ByName("StockService").Methods().ByName("ReserveStock"); reserve != nil {
		if _, err := call(ctx, conn, reserve, map[protoreflect.Name]any{"sku": "sku-001", "quantity": int32(3)}); err != nil && status.Code(err) != codes.Unimplemented {
			t.Logf("ReserveStock: %v (the old client reads GetStock anyway)", err)
		}
	}
	fresh, err := call(ctx, conn, newGet, map[protoreflect.Name]any{"sku": "sku-001"})
	require.NoError(t, err, "GetStock from today's contract")
	stale, err := call(ctx, conn, oldGet, map[protoreflect.Name]any{"sku": "sku-001"})
	require.NoError(t, err, "GetStock from the old contract: an old client's call fails")

	sku, available, reserved := counts(fresh)
	oldSKU, oldAvailable, _ := counts(stale)
	assert.Equal(t, sku, oldSKU, "an old client reads another sku than a new one: a field's number or type changed")
	assert.Equal(t, available, oldAvailable, "an old client reads available=%d, a new one %d: a field's number or type changed (numbers are the contract)", oldAvailable, available)
	st := stale.Get(stale.Descriptor().Fields().ByName("stock")).Message()
	t.Logf("old client: sku=%s available=%d, and %d bytes it does not know (reserved=%d) kept as unknown fields", oldSKU, oldAvailable, len(st.GetUnknown()), reserved)
	if reserved != 0 {
		assert.NotEmpty(t, st.GetUnknown(), "the new field reaches an old client as an unknown field")
	}
}

// buf.yaml's rules refuse what breaks an old client and let an addition
// through. These changes are planted on the baseline; your file is not used.
func TestBufBreakingCatchesBreakingChanges(t *testing.T) {
	base := file(t, "testdata/baseline/stock.proto")
	const (
		available = "  int32 available = 2;\n"
		getStock  = "  rpc GetStock(GetStockRequest) returns (GetStockResponse);\n"
	)
	cases := []struct {
		name, from, to string
		says           string // buf's words; "" for a safe change
	}{
		{"a field renumbered", available, "  int32 available = 3;\n", `Previously present field "2" with name "available" on message "Stock" was deleted without reserving the number "2"`},
		{"a field's type changed", available, "  int64 available = 2;\n", `changed type from "int32" to "int64"`},
		{"a field renamed", available, "  int32 in_stock = 2;\n", `changed name from "available" to "in_stock"`},
		{"the rpc renamed", getStock, "  rpc FetchStock(GetStockRequest) returns (GetStockResponse);\n", `Previously present RPC "GetStock" on service "StockService" was deleted`},
		{"the rpc removed", getStock, "", `Previously present RPC "GetStock" on service "StockService" was deleted`},
		{"a field and an rpc added", available, available + "  int32 reserved = 3;\n", ""},
	}
	against := baseline(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			changed := strings.Replace(base, c.from, c.to, 1)
			if c.says == "" {
				changed = strings.Replace(changed, getStock, getStock+"  rpc ReserveStock(GetStockRequest) returns (GetStockResponse);\n", 1)
			}
			require.NotEqual(t, base, changed, "the baseline no longer has %q: update this test", c.from)
			out, err := buf(t, "breaking", module(t, changed, file(t, "buf.yaml")), "--against", against)
			if c.says == "" {
				assert.NoError(t, err, "buf breaking refuses a safe addition:\n%s", out)
				return
			}
			assert.Error(t, err, "buf breaking let %s through", c.name)
			assert.Contains(t, out, c.says)
		})
	}
}
