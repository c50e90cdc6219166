package stock

import (
	"context"
	"embed"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The tests compile against the generated code before and after your change,
// so they never name ReserveStockRequest: they find the new RPC and field in
// the generated descriptor (File_stock_proto) and call it with dynamicpb
// messages. Before you change the contract they say so, in words.

const todo = "TODO(01): add rpc ReserveStock to 01-proto/stock/stock.proto, run go generate ./01-proto/stock/, serve it in server.go and call it in client.go -- see 01-proto/README.md#stretch-change-the-contract"

// The contract files are embedded, not opened: workshop verify swaps the
// solution in with go test -overlay, which embed honours and os.ReadFile
// does not, and go test's cache knows when they change.
//
//go:embed stock.proto buf.yaml testdata/baseline
var files embed.FS

func file(t *testing.T, name string) string {
	t.Helper()
	b, err := files.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

// seeContract ends a message about a change already under way (the RPC is
// there): the README's contract, not the stub's "add rpc ReserveStock".
const seeContract = "See 01-proto/README.md#stretch-change-the-contract"

// contract is the generated code's view of stock.proto, after the change.
type contract struct {
	get, reserve protoreflect.MethodDescriptor
	stock        protoreflect.MessageDescriptor
}

// newContract checks that the generated code has ReserveStock and
// Stock.reserved, shaped as the README says, or stops the test saying what
// is missing.
func newContract(t *testing.T) contract {
	t.Helper()
	fd := File_stock_proto
	svc := fd.Services().ByName("StockService")
	if svc == nil {
		t.Fatalf("the generated code has no service StockService: was it renamed? %s", todo)
	}
	c := contract{get: svc.Methods().ByName("GetStock"), reserve: svc.Methods().ByName("ReserveStock"), stock: fd.Messages().ByName("Stock")}
	edited := rpcReserveStock.MatchString(file(t, "stock.proto"))
	switch {
	case c.get == nil:
		t.Fatalf("the contract has no rpc GetStock any more: old clients still call it, so it stays. %s", todo)
	case c.reserve == nil && edited:
		t.Fatalf("stock.proto has ReserveStock but the generated code does not: run go generate ./01-proto/stock/. %s", todo)
	case c.reserve == nil:
		t.Fatalf("the contract has no rpc ReserveStock: add it to 01-proto/stock/stock.proto and run go generate ./01-proto/stock/. %s", todo)
	case c.reserve.IsStreamingClient() || c.reserve.IsStreamingServer():
		t.Fatalf("ReserveStock streams: it is unary, one ReserveStockRequest in, one ReserveStockResponse out. %s", todo)
	case c.stock == nil:
		t.Fatalf("the contract has no message Stock any more. %s", todo)
	}
	want := func(m protoreflect.MessageDescriptor, name protoreflect.Name, kind protoreflect.Kind, number protoreflect.FieldNumber) {
		t.Helper()
		f := m.Fields().ByName(name)
		switch {
		case f == nil:
			t.Fatalf("message %s has no field %s: the README's contract has %s %s. %s", m.Name(), name, kind, name, seeContract)
		case f.Kind() != kind || f.IsList():
			t.Fatalf("field %s of %s is %s, not %s. %s", name, m.Name(), f.Kind(), kind, seeContract)
		case f.HasOptionalKeyword():
			// optional gives the Go field a pointer (*int32) and presence:
			// another API from the README's plain field, for no gain here
			// (0 reserved and "not sent" mean the same).
			t.Fatalf("field %s of %s is declared optional; the README's contract has a plain %s %s (0 and unset mean the same here, and the Go field stays an int32, not a *int32). %s", name, m.Name(), kind, name, seeContract)
		case f.Number() != number:
			// Any unused number would be safe; the README's is the one the
			// tests' clients (and your neighbour's) were built with.
			t.Fatalf("field %s of %s is number %d; the README's contract gives it %d. %s", name, m.Name(), f.Number(), number, seeContract)
		}
	}
	// The old fields first: clients built from the old contract read them
	// as they were.
	for name, kind := range map[protoreflect.Name]protoreflect.Kind{"sku": protoreflect.StringKind, "available": protoreflect.Int32Kind} {
		f := c.stock.Fields().ByName(name)
		if f == nil || f.Kind() != kind || f.IsList() {
			t.Fatalf("field %s of Stock is not the %s it was: clients built from the old contract still read it as %s %s. Add, never change: keep every old field as it was. %s", name, kind, kind, name, seeContract)
		}
	}
	want(c.reserve.Input(), "sku", protoreflect.StringKind, 1)
	want(c.reserve.Input(), "quantity", protoreflect.Int32Kind, 2)
	want(c.reserve.Output(), "stock", protoreflect.MessageKind, 1)
	if got := c.reserve.Output().Fields().ByName("stock").Message().FullName(); got != c.stock.FullName() {
		t.Fatalf("ReserveStockResponse.stock is a %s, not a Stock. %s", got, seeContract)
	}
	want(c.stock, "reserved", protoreflect.Int32Kind, 3)
	return c
}

// rpcReserveStock finds the new RPC in stock.proto's text (not in a comment).
var rpcReserveStock = regexp.MustCompile(`(?m)^\s*rpc\s+ReserveStock\s*\(`)

// path is the method's name on the wire: /package.Service/Method.
func path(m protoreflect.MethodDescriptor) string {
	return "/" + string(m.Parent().FullName()) + "/" + string(m.Name())
}

// call invokes a unary method with a message built from fields (by name),
// and returns the answer as a dynamic message of the method's output type.
func call(ctx context.Context, conn grpc.ClientConnInterface, m protoreflect.MethodDescriptor, fields map[protoreflect.Name]any) (*dynamicpb.Message, error) {
	req := dynamicpb.NewMessage(m.Input())
	for name, v := range fields {
		f := m.Input().Fields().ByName(name)
		if f == nil || f.IsList() || protoreflect.ValueOf(v).Interface() == nil ||
			(f.Kind() != protoreflect.StringKind || !isString(v)) && (f.Kind() != protoreflect.Int32Kind || !isInt32(v)) {
			return nil, fmt.Errorf("%s has no field %s that takes a %T", m.Input().Name(), name, v)
		}
		req.Set(f, protoreflect.ValueOf(v))
	}
	resp := dynamicpb.NewMessage(m.Output())
	if err := conn.Invoke(ctx, path(m), req, resp); err != nil {
		return nil, err
	}
	return resp, nil
}

func isString(v any) bool { _, ok := v.(string); return ok }
func isInt32(v any) bool  { _, ok := v.(int32); return ok }

// counts reads sku, available and reserved from a response's stock field
// (reserved is 0 for a contract that has none).
func counts(resp protoreflect.Message) (sku string, available, reserved int32) {
	st := resp.Get(resp.Descriptor().Fields().ByName("stock")).Message()
	fields := st.Descriptor().Fields()
	if f := fields.ByName("reserved"); f != nil {
		reserved = int32(st.Get(f).Int())
	}
	return st.Get(fields.ByName("sku")).String(), int32(st.Get(fields.ByName("available")).Int()), reserved
}

// serve runs a gRPC server on 127.0.0.1:0 until the test ends and returns
// a connection to it.
func serve(t *testing.T, register func(*grpc.Server)) *grpc.ClientConn {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := grpc.NewServer()
	register(s)
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(lis) }()
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(); s.Stop(); <-done })
	return conn
}

// serveStock serves your Server with these counts.
func serveStock(t *testing.T, stock map[string]int32) *grpc.ClientConn {
	return serve(t, func(s *grpc.Server) { RegisterStockServiceServer(s, NewServer(stock)) })
}

func timeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// buf runs the pinned buf (tools/go.mod) from this folder.
func buf(t *testing.T, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil && os.Getenv("CI") != "true" {
		// A test binary run on its own (CI's Windows binaries under wine)
		// has no go command to build buf with: say so, loudly.
		t.Skipf("SKIPPED: this test runs buf through go, which is not installed here: %v", err)
	}
	bin, err := bufBinary()
	if err != nil {
		t.Fatalf("building buf (go tool -modfile=../../tools/go.mod buf): %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// bufBinary is where the go command keeps the built buf: go tool -n builds it
// if needed (a minute or two the first time; go generate did that already)
// and prints its path, so each buf call here costs buf's time, not go's.
var bufBinary = sync.OnceValues(func() (string, error) {
	modfile, err := filepath.Abs(filepath.Join("..", "..", "tools", "go.mod"))
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "tool", "-modfile="+modfile, "-n", "buf").Output()
	if err != nil {
		return "", err
	}
	bin := strings.TrimSpace(string(out))
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("go tool -n buf printed %q: %w", bin, err)
	}
	return bin, nil
})

// module writes a buf module (stock.proto with this text, and buf.yaml) to a
// scratch folder and returns its path.
func module(t *testing.T, protoText, bufYAML string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"stock.proto": protoText, "buf.yaml": bufYAML} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// baseline is the contract before the exercise (testdata/baseline), which the
// exercise never edits: what old clients were built from.
func baseline(t *testing.T) string {
	return module(t, file(t, "testdata/baseline/stock.proto"), file(t, "testdata/baseline/buf.yaml"))
}

// yours is the stock.proto you edit, with its buf.yaml.
func yours(t *testing.T) string { return module(t, file(t, "stock.proto"), file(t, "buf.yaml")) }

// built is what buf makes of a module's stock.proto: its descriptor, as the
// generated code carries it.
func built(t *testing.T, dir string) *descriptorpb.FileDescriptorProto {
	t.Helper()
	out := filepath.Join(t.TempDir(), "image.binpb")
	if msg, err := buf(t, "build", dir, "--exclude-source-info", "--as-file-descriptor-set", "-o", out); err != nil {
		t.Fatalf("buf build: %v\n%s", err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	for _, f := range set.GetFile() {
		if f.GetName() == "stock.proto" {
			return f
		}
	}
	t.Fatalf("buf build made no stock.proto")
	return nil
}

// old is the baseline contract as a descriptor: a client built from it is a
// client built before your change.
func old(t *testing.T) protoreflect.FileDescriptor {
	t.Helper()
	fd, err := protodesc.NewFile(built(t, baseline(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return fd
}
