package bidi

// TestNodeStreams runs the Node exercise's tests (node/exercise/) on your
// node/streams.js, against this step's server and a troublesome one, both
// in this process. Each node test is a subtest here, failing with the
// assertion's words.

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// The files are embedded, not read from disk, because the go tool reads
// embedded files through go test -overlay: workshop verify runs this test
// on the stub as committed and on the solution without touching yours.
var (
	//go:embed node/streams.js
	streamsJS []byte
	//go:embed node/exercise/streams.test.js
	streamsTestJS []byte
	//go:embed node/exercise/reporter.mjs
	reporterJS []byte
)

// nodeResult is one line of node/exercise/reporter.mjs.
type nodeResult struct {
	Name    string `json:"name"`
	OK      bool   `json:"ok"`
	Message string `json:"message"`
	Ms      int    `json:"ms"` // how long it took in node
}

func TestNodeStreams(t *testing.T) {
	node := needNode(t)
	token := fmt.Sprintf("node-%d", time.Now().UnixNano()) // not one to hard-code

	step05, _ := NewServer(catalog.Seeded(), stage.Config{Token: token, Logger: quiet})
	trouble, _ := stage.NewServer(troubleService{}, stage.Config{Token: token, Logger: quiet})

	// The tests run in a scratch folder inside node/, so that require()
	// finds node/node_modules; the folder goes when the test ends.
	dir, err := os.MkdirTemp("node", ".gotest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Node names the copy in its messages (a syntax error's file and line):
	// name the learner's own file instead, which the line numbers match.
	base := filepath.Base(dir)
	yours := strings.NewReplacer(
		base+"/streams.test.js", "exercise/streams.test.js", base+`\streams.test.js`, `exercise\streams.test.js`,
		base+"/reporter.mjs", "exercise/reporter.mjs", base+`\reporter.mjs`, `exercise\reporter.mjs`,
		base+"/", "", base+`\`, "").Replace
	for name, b := range map[string][]byte{"streams.js": streamsJS, "streams.test.js": streamsTestJS, "reporter.mjs": reporterJS} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	protoRoot, err := filepath.Abs(filepath.Join("..", "01-proto"))
	if err != nil {
		t.Fatal(err)
	}

	// The node tests bound each of their waits (20 s in all at worst);
	// this bounds an event loop that never gets back to them.
	const limit = 45 * time.Second
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "--test-reporter=./reporter.mjs", "streams.test.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"STREAMS_ADDR="+serveGRPC(t, step05),
		"TROUBLE_ADDR="+serveGRPC(t, trouble),
		"STREAMS_TOKEN="+token,
		"PROTO_ROOT="+protoRoot,
	)
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()

	var results []nodeResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r nodeResult
		if json.Unmarshal(sc.Bytes(), &r) == nil && r.Name != "" {
			results = append(results, r)
		}
	}
	if ctx.Err() != nil {
		t.Errorf("node --test was stopped after %v: does streams.js loop for ever without awaiting?", limit)
	}
	if len(results) == 0 {
		t.Fatalf("node --test streams.test.js reported no test (%v):\n%s%s", runErr, yours(string(out)), yours(stderr.String()))
	}
	failed := false
	for _, r := range results {
		t.Run(r.Name, func(t *testing.T) {
			if r.OK {
				t.Logf("%d ms in node", r.Ms)
				return
			}
			failed = true
			msg := yours(r.Message)
			if !strings.Contains(msg, "TODO(05)") {
				msg += "\n(your 05-bidi/node/streams.js: see 05-bidi/README.md#stretch-the-node-clients-streams)"
			}
			t.Error(msg)
		})
	}
	if runErr != nil && !failed && ctx.Err() == nil {
		t.Errorf("node --test: %v\n%s", runErr, yours(stderr.String()))
	}
}

// needNode returns node's path, or skips (fails under CI=true) with what
// to install.
func needNode(t *testing.T) string {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") == "true" {
			t.Fatal(what + " (CI=true: required)")
		}
		t.Skip(what)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node not found: install Node 20+: https://nodejs.org")
	}
	if _, err := os.Stat(filepath.Join("node", "node_modules", "@grpc", "grpc-js")); err != nil {
		missing("05-bidi/node/node_modules is missing: cd 05-bidi/node && npm ci (or go run ./cmd/workshop prep)")
	}
	return node
}

// serveGRPC serves srv on a free port of 127.0.0.1 until the test ends.
func serveGRPC(t *testing.T, srv *grpc.Server) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(lis)
	}()
	t.Cleanup(func() {
		srv.Stop()
		<-done
	})
	return lis.Addr().String()
}

// troubleService has streams that fail after their last message (a client
// that counts messages instead of waiting for the end resolves too soon), or
// never answer (a client without a deadline waits for ever).
type troubleService struct {
	pb.UnimplementedProductServiceServer
}

// ListProducts: category "fails-at-the-end" sends two products, then ends
// with ABORTED; "stalls" sends nothing until the call ends.
func (troubleService) ListProducts(req *pb.ListProductsRequest, stream grpc.ServerStreamingServer[pb.ListProductsResponse]) error {
	switch req.GetCategory() {
	case "fails-at-the-end":
		for i := range 2 {
			p := &pb.Product{Id: fmt.Sprintf("trouble-%d", i), Category: "fails-at-the-end"}
			if err := stream.Send(&pb.ListProductsResponse{Product: p, NextPageToken: "more"}); err != nil {
				return err
			}
		}
		return status.Error(codes.Aborted, "the server failed after 2 products")
	case "stalls":
		<-stream.Context().Done()
		return status.FromContextError(stream.Context().Err()).Err()
	}
	return status.Error(codes.InvalidArgument, "trouble: category fails-at-the-end or stalls")
}

// ProductUpdates answers every update, and after the client's half-close
// ends with ABORTED; an update for "stall" is never answered.
func (troubleService) ProductUpdates(stream grpc.BidiStreamingServer[pb.ProductUpdateRequest, pb.ProductUpdateResponse]) error {
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return status.Error(codes.Aborted, "the server failed after its last answer")
		}
		if err != nil {
			return err
		}
		if req.GetProductId() == "stall" {
			<-stream.Context().Done()
			return status.FromContextError(stream.Context().Err()).Err()
		}
		answer := &pb.ProductUpdateResponse{
			ProductId: req.GetProductId(),
			Result:    &pb.ProductUpdateResponse_Product{Product: &pb.Product{Id: req.GetProductId()}},
		}
		if err := stream.Send(answer); err != nil {
			return err
		}
	}
}
