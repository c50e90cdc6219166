package bench

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Env is the machine and software a run measured.
type Env struct {
	Date       string
	GoVersion  string
	OS, Arch   string
	CPU        string
	NumCPU     int
	GOMAXPROCS int
	Modules    map[string]string // module path -> version
}

// ReadEnv reads what the report must say about where it ran.
func ReadEnv() Env {
	e := Env{
		Date:       time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		GoVersion:  runtime.Version(),
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		CPU:        "unknown",
		NumCPU:     runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Modules:    map[string]string{},
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				e.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			switch d.Path {
			case "google.golang.org/grpc", "google.golang.org/protobuf", "github.com/go-chi/chi/v5":
				e.Modules[d.Path] = d.Version
			}
		}
	}
	return e
}
