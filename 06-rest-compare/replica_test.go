package rest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/timestamppb"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/serve"
)

// A second replica in a process of its own, as one behind a load balancer
// is: its own start time, its own memory, its own random numbers. An ETag
// that mixes in any of them (a boot id "so a deploy starts fresh copies")
// differs between replicas, and every switch of replica looks like a
// change. The test binary runs itself with replicaEnv set, and TestMain
// serves instead of testing.
const replicaEnv = "WORKSHOP_CACHE_REPLICA"

// sameCreated gives prod-001 one creation time in every process: the store
// stamps products with the time they were loaded.
func sameCreated(store *catalog.Store) {
	change(store, "prod-001", func(p *pb.Product) {
		p.CreatedAt = timestamppb.New(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	})
}

// serveReplica is the other process: it serves the catalogue, prints its
// address, and lives until its stdin closes (or it is killed).
func serveReplica() {
	store := catalog.Seeded()
	sameCreated(store)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv := serve.NewHTTPServer(NewServer(store, Config{Token: testToken})) // as cmd/server serves it
	go func() { _ = srv.Serve(lis) }()
	fmt.Println(lis.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// startReplicaProcess runs the replica and returns its base URL.
func startReplicaProcess(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	ctx, kill := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), replicaEnv+"=1")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = stdin.Close() // it exits at EOF; killed if not
		kill()
		_ = cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		addr <- strings.TrimSpace(line)
	}()
	select {
	case a := <-addr:
		require.NotEmpty(t, a, "the replica process printed no address")
		return "http://" + a
	case <-time.After(30 * time.Second):
		kill()
		t.Fatal("the replica process printed no address in 30 s")
		return ""
	}
}
