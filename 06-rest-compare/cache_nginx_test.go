package rest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/06-rest-compare/httpcache"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// TestCacheInFrontOfTheAPI puts a real shared cache (nginx, with
// httpcache/nginx.conf) between a client and the API: what your headers
// allow, nginx does, without knowing anything of the API.
func TestCacheInFrontOfTheAPI(t *testing.T) {
	var reached atomic.Int64 // requests that got past the cache to the server
	api := NewServer(catalog.Seeded(), Config{Token: testToken})
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		api.ServeHTTP(w, r)
	}))
	defer origin.Close()
	cache, err := httpcache.Start(context.Background(), origin.Listener.Addr().String())
	if errors.Is(err, httpcache.ErrNoNginx) && os.Getenv("CI") != "true" {
		t.Skipf("SKIPPED: %v", err)
	}
	require.NoError(t, err, "CI=true requires nginx (the project's .ci/run installs it)")
	defer cache.Stop()

	client := &http.Client{}
	defer client.CloseIdleConnections()
	get := func(path, token string, header ...string) response {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+cache.Addr+path, nil)
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return response{resp.StatusCode, resp.Header, string(b)}
	}

	first := get("/products/prod-001", testToken)
	requireStatus(t, http.StatusOK, first)
	second := get("/products/prod-001", testToken)
	requireStatus(t, http.StatusOK, second)
	require.Equal(t, int64(1), reached.Load(),
		"the second GET of the same product reached the server (nginx said X-Cache: %s): nginx keeps only what Cache-Control allows (a max-age; never private, no-cache or no-store). %s",
		second.header.Get("X-Cache"), todoCache)
	assert.Equal(t, "HIT", second.header.Get("X-Cache"))
	assert.Equal(t, first.body, second.body, "the cache gives the same bytes")

	// The client holds the current version: nginx answers 304 from its copy.
	etag := first.header.Get("ETag")
	require.NotEmpty(t, etag, todoCache)
	notModified := get("/products/prod-001", testToken, "If-None-Match", etag)
	assert.Equal(t, http.StatusNotModified, notModified.status, "nginx compares If-None-Match with the ETag of its copy")
	assert.Empty(t, notModified.body)
	assert.Equal(t, int64(1), reached.Load(), "a 304 from the cache needs no server")

	// The token is in the cache's key: a copy is never given to a caller
	// without the token the server accepted.
	for _, token := range []string{"", "stolen-token"} {
		r := get("/products/prod-001", token)
		assert.Equal(t, http.StatusUnauthorized, r.status, "token %q: the server, not the cache, must answer", token)
	}
	assert.Equal(t, int64(3), reached.Load(), "each request without the accepted token reaches the server")

	// A mistake is not kept: a product created later must be found.
	for range 2 {
		r := get("/products/prod-999", testToken)
		assert.Equal(t, http.StatusNotFound, r.status)
		assert.NotEqual(t, "HIT", r.header.Get("X-Cache"), "a 404 came from the cache: %s", strings.TrimSpace(r.header.Get("Cache-Control")))
	}
	assert.Equal(t, int64(5), reached.Load(), "each 404 is the server's answer")
}
