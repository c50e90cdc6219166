// Package httpcache starts nginx as a shared HTTP cache in front of a
// server: step 06's caching lesson and the benchmark's cached-REST rows.
package httpcache

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"text/template"

	"github.com/grpcvsrest/workshop/internal/serve"
)

//go:embed nginx.conf
var nginxConf string

var conf = template.Must(template.New("nginx.conf").Parse(nginxConf))

// Install is what to run where nginx is missing.
const Install = "sudo apt-get install nginx-light   (macOS: brew install nginx; Windows: run this lesson in WSL)"

// ErrNoNginx means the nginx binary is not on PATH.
var ErrNoNginx = errors.New("nginx is not installed: " + Install)

// Cache is a running nginx; Addr is where clients send their requests.
type Cache struct {
	Addr string

	dir  string
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan error
}

// Start runs nginx with nginx.conf in front of origin (host:port) and
// returns once it accepts connections.
func Start(ctx context.Context, origin string) (*Cache, error) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		return nil, ErrNoNginx
	}
	var last error
	for range 3 { // the port was free a moment ago; another program may take it first
		c, err := start(ctx, bin, origin)
		if err == nil {
			return c, nil
		}
		last = err
		if !strings.Contains(err.Error(), "in use") {
			break
		}
	}
	return nil, last
}

func start(ctx context.Context, bin, origin string) (*Cache, error) {
	dir, err := os.MkdirTemp("", "httpcache")
	if err != nil {
		return nil, err
	}
	addrs, err := serve.FreeAddrs(1) // nginx needs a port it is told, not port 0
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	var cfg bytes.Buffer
	// nginx reads / in paths on every system; a Windows path's \ it would not.
	listen := addrs[0]
	err = conf.Execute(&cfg, map[string]string{"Dir": filepath.ToSlash(dir), "Origin": origin, "Listen": listen})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "nginx.conf"), cfg.Bytes(), 0o644)
	}
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	c := &Cache{Addr: listen, dir: dir, out: &lockedBuffer{}, done: make(chan error, 1)}
	// -p: the prefix, so nothing is read or written outside dir; -e: the
	// error log before the config is read (else /var/log/nginx, not ours).
	c.cmd = exec.Command(bin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	if err := c.cmd.Start(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	go func() { c.done <- c.cmd.Wait() }()
	if err := c.ready(ctx); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// ready waits until nginx accepts a connection.
func (c *Cache) ready(ctx context.Context) error {
	if err := serve.WaitListening(ctx, c.done, c.Addr); err != nil {
		return fmt.Errorf("nginx %v: %s%s", err, c.out.String(), c.errorLog())
	}
	return nil
}

func (c *Cache) errorLog() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "error.log"))
	return string(b)
}

// Stop ends nginx and removes its folder. Kill, not a signal: the cache
// holds nothing worth a graceful end, and Kill works on every system.
func (c *Cache) Stop() {
	_ = c.cmd.Process.Kill()
	<-c.done
	c.done <- nil // a second Stop returns at once
	_ = os.RemoveAll(c.dir)
}

// lockedBuffer is nginx's output: written by exec's copying goroutine, read
// by ready.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
