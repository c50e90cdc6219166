package rest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

func TestMain(m *testing.M) {
	if os.Getenv(replicaEnv) != "" {
		serveReplica() // this binary, run again by startReplicaProcess
		return
	}
	goleak.VerifyTestMain(m)
}

const testToken = "test-token"

func startServer(t *testing.T) (*httptest.Server, *catalog.Store) {
	t.Helper()
	store := catalog.Seeded()
	srv := httptest.NewServer(NewServer(store, Config{Token: testToken}))
	t.Cleanup(srv.Close)
	return srv, store
}

type response struct {
	status int
	header http.Header
	body   string
}

// call makes one request with the token (unless a header overrides it).
func call(t *testing.T, srv *httptest.Server, method, path, body string, header ...string) response {
	t.Helper()
	return callURL(t, srv.Client(), srv.URL, method, path, body, header...)
}

// callURL is call for a server that is not an httptest.Server (another
// process's).
func callURL(t *testing.T, client *http.Client, base, method, path, body string, header ...string) response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, base+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
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

// requireStatus checks the status and prints the body when it is wrong: on
// the stub that is the TODO message telling where to go.
func requireStatus(t *testing.T, want int, r response) {
	t.Helper()
	require.Equal(t, want, r.status, "body: %s", r.body)
}

// assertError checks the stable error shape.
func assertError(t *testing.T, r response, status int, code, message string) {
	t.Helper()
	var e errorBody
	require.NoError(t, json.Unmarshal([]byte(r.body), &e), "error body: %s", r.body)
	assert.Equal(t, status, e.Error.Status)
	assert.Equal(t, code, e.Error.Code)
	assert.Contains(t, e.Error.Message, message)
	assert.Equal(t, "application/json", r.header.Get("Content-Type"))
}
