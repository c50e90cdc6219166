// Package rest is step 06: the same product API over REST with chi, REST's
// answers to streaming (NDJSON and a WebSocket), and, in cmd/bench, an honest
// benchmark against the gRPC server.
package rest

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

// MaxBodyBytes bounds a request body: the REST twin of gRPC's 4 MB message
// limit. A bigger body is 413 Request Entity Too Large.
const MaxBodyBytes = 4 << 20

// Config is what the server needs besides its store.
type Config struct {
	Token  string       // the bearer token clients must send
	Logger *slog.Logger // nil: no request log
}

// NewServer returns the REST API as one http.Handler, so tests and the
// benchmark can serve it any way they like (httptest, HTTP/1.1, h2c).
func NewServer(store *catalog.Store, cfg Config) http.Handler {
	r := chi.NewRouter()
	r.Use(sameURIs)    // paths.go: /products/prod%2D001 is /products/prod-001
	r.Use(recordRoute) // metrics.go: the route for otelhttp's label, when Observe wraps the router
	if cfg.Logger != nil {
		r.Use(logRequests(cfg.Logger))
	}
	r.Use(middleware.Recoverer) // a panic is a 500, not a dead process
	r.Use(middleware.GetHead)   // HEAD works wherever GET does (headers, no body)
	// Every answer has the one JSON error shape, the router's own too.
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no route "+r.URL.Path)
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, req *http.Request) {
		allowed := allowedMethods(r, req.URL.Path)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, http.StatusMethodNotAllowed, "UNIMPLEMENTED",
			fmt.Sprintf("%s is not allowed on %s; allowed: %s", req.Method, req.URL.Path, strings.Join(allowed, ", ")))
	})
	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	r.Group(func(r chi.Router) {
		r.Use(requireToken(cfg.Token))
		addRoutes(r, &handlers{store: store})
	})
	return r
}

// addRoutes is the whole API on one screen.
func addRoutes(r chi.Router, h *handlers) {
	r.Get("/products/{id}", h.getProduct)        // GetProduct
	r.Get("/products", h.listProducts)           // ListProducts as pages (cursor, or page & limit)
	r.Get("/products/stream", h.streamProducts)  // ListProducts as one NDJSON stream
	r.Post("/products/batch", h.createBatch)     // UploadProducts as one request: THE EXERCISE
	r.Get("/products/updates", h.productUpdates) // ProductUpdates over a WebSocket
}

// allowedMethods lists the methods routes knows for path, for a 405's Allow
// header (chi sets it only when it writes the 405 itself).
func allowedMethods(routes chi.Routes, path string) []string {
	var allowed []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if routes.Match(chi.NewRouteContext(), m, path) || (m == http.MethodHead && routes.Match(chi.NewRouteContext(), http.MethodGet, path)) {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

type handlers struct {
	store *catalog.Store
}

// requireToken is the REST twin of the gRPC auth interceptor.
func requireToken(token string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="workshop"`)
				writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", `missing or invalid "Authorization: Bearer <token>" header`)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func logRequests(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
			start := time.Now()
			next.ServeHTTP(ww, r)
			log.Info("http request", "method", r.Method, "path", r.URL.Path, "proto", r.Proto,
				"status", ww.Status(), "duration", time.Since(start))
		})
	}
}
