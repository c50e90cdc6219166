// Package rest is step 06: the same product API over REST with chi, REST's
// answers to streaming (NDJSON and a WebSocket), and, in cmd/bench, an honest
// benchmark against the gRPC server.
package rest

import (
	"crypto/subtle"
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
	if cfg.Logger != nil {
		r.Use(logRequests(cfg.Logger))
	}
	r.Use(middleware.Recoverer) // a panic is a 500, not a dead process
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
