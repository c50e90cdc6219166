package cluster

import (
	"context"
	"sync"

	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// healthServer serves grpc.health.v1 for one service, and for "" (the
// server as a whole), which stays SERVING: a replica can take one service
// out while the rest of it serves. grpc-go has one
// (google.golang.org/grpc/health), but importing that package also turns
// on grpc-go's client-side health checking in the whole binary. The tests
// run replicas and clients in one process, and they must see what a client
// that forgot that import does: so the replicas serve the protocol (the
// generated grpc_health_v1) with these few lines instead.
type healthServer struct {
	healthpb.UnimplementedHealthServer
	service string

	mu       sync.Mutex
	status   healthpb.HealthCheckResponse_ServingStatus
	changed  chan struct{} // closed and replaced on every change
	shutdown chan struct{} // closed when the replica stops: Watch streams end
}

func newHealthServer(service string) *healthServer {
	return &healthServer{service: service, status: healthpb.HealthCheckResponse_SERVING,
		changed: make(chan struct{}), shutdown: make(chan struct{})}
}

func (h *healthServer) set(st healthpb.HealthCheckResponse_ServingStatus) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if st != h.status {
		h.status = st
		close(h.changed)
		h.changed = make(chan struct{})
	}
}

func (h *healthServer) get(service string) (healthpb.HealthCheckResponse_ServingStatus, <-chan struct{}, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch service {
	case "": // the server as a whole: it serves while it runs
		return healthpb.HealthCheckResponse_SERVING, h.changed, true
	case h.service:
		return h.status, h.changed, true
	}
	return healthpb.HealthCheckResponse_SERVICE_UNKNOWN, h.changed, false
}

func (h *healthServer) Check(_ context.Context, req *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	st, _, ok := h.get(req.GetService())
	if !ok {
		return nil, status.Errorf(codes.NotFound, "unknown service %q", req.GetService())
	}
	return &healthpb.HealthCheckResponse{Status: st}, nil
}

// Watch sends the status now and after every change, as the protocol says:
// this stream is what a health-checking client listens to.
func (h *healthServer) Watch(req *healthpb.HealthCheckRequest, stream healthpb.Health_WatchServer) error {
	for {
		st, changed, _ := h.get(req.GetService())
		if err := stream.Send(&healthpb.HealthCheckResponse{Status: st}); err != nil {
			return err
		}
		select {
		case <-changed:
		case <-h.shutdown:
			return status.Error(codes.Unavailable, "replica stopping")
		case <-stream.Context().Done():
			return stream.Context().Err()
		}
	}
}
