package cluster

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/grpcvsrest/workshop/internal/serve"
)

//go:embed haproxy.cfg
var haproxyConfig []byte

// InstallHAProxy is what to run where HAProxy is missing.
const InstallHAProxy = "sudo apt-get install haproxy   (macOS: brew install haproxy)"

// ErrNoHAProxy means the haproxy binary is not on PATH.
var ErrNoHAProxy = errors.New("haproxy is not installed: " + InstallHAProxy)

// HAProxy is a running haproxy in front of three replicas, with haproxy.cfg's
// three frontends.
type HAProxy struct {
	L4GRPC string // TCP, a replica per connection, for gRPC clients
	L4REST string // TCP, a replica per connection, for REST clients
	L7GRPC string // HTTP/2, a replica per call

	cmd  *exec.Cmd
	out  bytes.Buffer
	done chan error
}

// StartHAProxy starts haproxy with haproxy.cfg in front of exactly three
// replicas, and returns when all its frontends accept connections.
func StartHAProxy(ctx context.Context, replicas []*Replica) (*HAProxy, error) {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		return nil, ErrNoHAProxy
	}
	if len(replicas) != 3 {
		return nil, fmt.Errorf("haproxy.cfg names 3 replicas, got %d", len(replicas))
	}
	dir, err := os.MkdirTemp("", "lb-haproxy")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) // haproxy has read its config once it listens
	cfg := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, haproxyConfig, 0o644); err != nil {
		return nil, err
	}
	ports, err := serve.FreeAddrs(3) // haproxy needs ports it is told, not port 0
	if err != nil {
		return nil, err
	}
	p := &HAProxy{L4GRPC: ports[0], L4REST: ports[1], L7GRPC: ports[2], done: make(chan error, 1)}
	env := append(os.Environ(), "LB_L4_GRPC="+p.L4GRPC, "LB_L4_REST="+p.L4REST, "LB_L7_GRPC="+p.L7GRPC,
		"LB_HEALTH_CHECK="+healthCheckCall(), "LB_HEALTH_SERVING="+healthCheckServing()) // haproxycheck.go
	for i, r := range replicas {
		env = append(env, fmt.Sprintf("LB_REPLICA_%d_GRPC=%s", i+1, r.GRPCAddr), fmt.Sprintf("LB_REPLICA_%d_REST=%s", i+1, r.RESTAddr))
	}
	// -db: stay in the foreground, so the test owns the process.
	p.cmd = exec.Command(bin, "-db", "-f", cfg)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.done <- p.cmd.Wait() }()
	if err := p.ready(ctx); err != nil {
		p.Stop()
		return nil, err
	}
	return p, nil
}

// ready waits until every frontend accepts a connection.
func (p *HAProxy) ready(ctx context.Context) error {
	if err := serve.WaitListening(ctx, p.done, p.L4GRPC, p.L4REST, p.L7GRPC); err != nil {
		return fmt.Errorf("haproxy %v: %s", err, p.out.String())
	}
	return nil
}

// Stop ends haproxy (SIGTERM: at once) and waits for it.
func (p *HAProxy) Stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	<-p.done
}
