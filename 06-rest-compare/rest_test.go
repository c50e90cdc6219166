package rest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// These tests check the code given in this step. They pass before you
// write the batch handler.

func TestGetProduct(t *testing.T) {
	srv, _ := startServer(t)

	r := call(t, srv, http.MethodGet, "/products/prod-001", "")
	requireStatus(t, http.StatusOK, r)
	var p pb.Product
	require.NoError(t, protojson.Unmarshal([]byte(r.body), &p), "the body is the proto's JSON mapping")
	assert.Equal(t, "The Go Programming Language", p.GetName())
	assert.Contains(t, r.body, `"stockQuantity":`, "protojson names, as grpcurl shows them")

	assertError(t, call(t, srv, http.MethodGet, "/products/prod-999", ""), 404, "NOT_FOUND", `"prod-999" not found`)
	assertError(t, call(t, srv, http.MethodGet, "/products/a%20b", ""), 400, "INVALID_ARGUMENT", "may only hold")
	assertError(t, call(t, srv, http.MethodGet, "/products/prod-001", "", "Authorization", "Bearer nope"), 401, "UNAUTHENTICATED", "Bearer")
}

type listBody struct {
	Products      []json.RawMessage `json:"products"`
	NextPageToken string            `json:"nextPageToken"`
	Total, Page   int
	Pages         int
}

func decodeList(t *testing.T, r response) (listBody, []string) {
	t.Helper()
	requireStatus(t, http.StatusOK, r)
	var b listBody
	require.NoError(t, json.Unmarshal([]byte(r.body), &b), r.body)
	var ids []string
	for _, raw := range b.Products {
		var p pb.Product
		require.NoError(t, protojson.Unmarshal(raw, &p))
		ids = append(ids, p.GetId())
	}
	return b, ids
}

func TestListWithCursor(t *testing.T) {
	srv, _ := startServer(t)
	var all []string
	path := "/products?page_size=10"
	for pages := 1; ; pages++ {
		require.LessOrEqual(t, pages, 4)
		b, ids := decodeList(t, call(t, srv, http.MethodGet, path, ""))
		all = append(all, ids...)
		if b.NextPageToken == "" {
			break
		}
		path = "/products?page_size=10&page_token=" + b.NextPageToken
	}
	assert.Len(t, all, 36)
	assert.IsIncreasing(t, all)

	_, books := decodeList(t, call(t, srv, http.MethodGet, "/products?category=books", ""))
	assert.Len(t, books, 6)

	// A token is readable base64 JSON plus a MAC: editing the id inside it
	// must not get a page, on REST as on gRPC.
	b, _ := decodeList(t, call(t, srv, http.MethodGet, "/products?page_size=10", ""))
	body, mac, ok := strings.Cut(b.NextPageToken, ".")
	require.True(t, ok)
	raw, err := base64.RawURLEncoding.DecodeString(body)
	require.NoError(t, err)
	forged := strings.Replace(string(raw), "prod-010", "prod-020", 1)
	require.NotEqual(t, string(raw), forged)
	r := call(t, srv, http.MethodGet, "/products?page_size=10&page_token="+base64.RawURLEncoding.EncodeToString([]byte(forged))+"."+mac, "")
	assertError(t, r, http.StatusBadRequest, "INVALID_ARGUMENT", "page_token is malformed")
}

// The guide's Express code read page and limit as strings: start + limit was
// string concatenation, so ?page=2&limit=10 sliced [10, "1010"), everything
// from item 11 on. Parsed as numbers, page 2 is items 11 to 20.
func TestListWithPageNumbers(t *testing.T) {
	srv, _ := startServer(t)
	b, ids := decodeList(t, call(t, srv, http.MethodGet, "/products?page=2&limit=10", ""))
	assert.Len(t, ids, 10, "the guide's bug returned 26 here")
	assert.Equal(t, "prod-011", ids[0])
	assert.Equal(t, "prod-020", ids[9])
	assert.Equal(t, 36, b.Total)
	assert.Equal(t, 4, b.Pages)

	_, last := decodeList(t, call(t, srv, http.MethodGet, "/products?page=4&limit=10", ""))
	assert.Len(t, last, 6)
}

func TestListRejectsBadParameters(t *testing.T) {
	srv, _ := startServer(t)
	cases := map[string]string{
		"/products?page_size=ten":         "page_size must be a whole number",
		"/products?page_size=-1":          "page_size must be >= 0",
		"/products?page_token=garbage!":   "page_token is malformed",
		"/products?page=0":                "page must be between",
		"/products?page=x":                "page must be a whole number",
		"/products?limit=1001":            "limit must be between",
		"/products?page=1&page_token=abc": "not both",
	}
	for path, message := range cases {
		t.Run(path, func(t *testing.T) {
			assertError(t, call(t, srv, http.MethodGet, path, ""), 400, "INVALID_ARGUMENT", message)
		})
	}
}

// dialUpdates opens the updates WebSocket with the token; it is closed
// when the test ends.
func dialUpdates(t *testing.T, ctx context.Context, srv *httptest.Server) *websocket.Conn {
	t.Helper()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/products/updates",
		&websocket.DialOptions{HTTPHeader: http.Header{"Authorization": {"Bearer " + testToken}}})
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.CloseNow() })
	return conn
}

func TestUpdatesOverWebSocket(t *testing.T) {
	srv, store := startServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	conn := dialUpdates(t, ctx, srv)

	send := func(msg string) *pb.ProductUpdateResponse {
		require.NoError(t, conn.Write(ctx, websocket.MessageText, []byte(msg)))
		_, data, err := conn.Read(ctx)
		require.NoError(t, err)
		var resp pb.ProductUpdateResponse
		require.NoError(t, protojson.Unmarshal(data, &resp), string(data))
		return &resp
	}
	resp := send(`{"productId":"prod-001","newPrice":42}`)
	assert.Equal(t, 42.0, resp.GetProduct().GetPrice())
	resp = send(`{"productId":"prod-999","stockAdjustment":1}`)
	assert.EqualValues(t, 5, resp.GetError().GetCode(), "NOT_FOUND, answered, not dropped")
	resp = send(`{"productId":"prod-001","colour":"red"}`)
	assert.EqualValues(t, 3, resp.GetError().GetCode(), "INVALID_ARGUMENT for a message that is not an update")
	resp = send(`{"productId":"prod-001","stockAdjustment":-1}`)
	require.NotNil(t, resp.GetProduct(), "the socket goes on after refusals")

	p, _ := store.Get("prod-001")
	assert.Equal(t, 42.0, p.GetPrice())
	require.NoError(t, conn.Close(websocket.StatusNormalClosure, "done"))
}

// A WebSocket message is at most 32 KiB (coder/websocket's read limit):
// a bigger one closes the socket with 1009, "message too big", and changes
// nothing.
func TestWebSocketMessageLimit(t *testing.T) {
	srv, store := startServer(t)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	conn := dialUpdates(t, ctx, srv)

	big := `{"productId":"prod-001","newPrice":42,"pad":"` + strings.Repeat("a", 32<<10) + `"}`
	require.NoError(t, conn.Write(ctx, websocket.MessageText, []byte(big)))
	_, _, err := conn.Read(ctx)
	assert.Equal(t, websocket.StatusMessageTooBig, websocket.CloseStatus(err), "%v", err)
	p, _ := store.Get("prod-001")
	assert.NotEqual(t, 42.0, p.GetPrice())
}

func TestWebSocketNeedsToken(t *testing.T) {
	srv, _ := startServer(t)
	_, resp, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/products/updates", nil)
	require.Error(t, err)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

// The router's own answers use the one JSON error shape too, and HEAD works
// where GET does. (The probe found plain-text 404s, 405s with no Allow and
// no body, and HEAD answered 405.)
func TestHTTPEdges(t *testing.T) {
	srv, store := startServer(t)
	cases := []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{http.MethodGet, "/no-such-route", 404, "NOT_FOUND", ""},
		{http.MethodDelete, "/products/prod-001", 405, "UNIMPLEMENTED", "GET, HEAD"},
		{http.MethodPut, "/products/batch", 405, "UNIMPLEMENTED", "GET, HEAD, POST"}, // GET: /products/{id} with id "batch"
		{"BREW", "/products", 405, "UNIMPLEMENTED", "GET, HEAD"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := call(t, srv, tc.method, tc.path, "")
			assertError(t, r, tc.status, tc.code, "")
			assert.Equal(t, tc.allow, r.header.Get("Allow"))
			assert.Equal(t, 36, store.Len())
		})
	}

	head := call(t, srv, http.MethodHead, "/products/prod-001", "")
	assert.Equal(t, http.StatusOK, head.status, "HEAD works where GET does")
	assert.Empty(t, head.body, "HEAD has no body")
	assert.Equal(t, "application/json", head.header.Get("Content-Type"))
	assert.Equal(t, http.StatusNotFound, call(t, srv, http.MethodHead, "/products/prod-999", "").status)
}

// URIs that RFC 3986 calls equivalent get the same answer: an unreserved
// character percent-encoded is the character itself. Encoded reserved
// characters are not decoded: %2F stays part of the id (and is refused).
func TestEquivalentPathsAnswerAlike(t *testing.T) {
	srv, _ := startServer(t)
	for _, tc := range []struct {
		path   string
		status int
		id     string
	}{
		{"/products/prod-001", 200, "prod-001"},
		{"/products/prod%2D001", 200, "prod-001"},
		{"/products/prod%2d001", 200, "prod-001"},
		{"/products/%70rod-001", 200, "prod-001"},
		{"/products/prod%2D999", 404, ""},
		{"/products/prod%2F001", 400, ""},
		{"/%70roducts/prod-001", 200, "prod-001"}, // the route's own segment too
	} {
		r := call(t, srv, http.MethodGet, tc.path, "")
		assert.Equal(t, tc.status, r.status, "%s: %s", tc.path, r.body)
		if tc.id != "" {
			assert.Contains(t, r.body, `"id":"`+tc.id+`"`, tc.path)
		}
	}
}

// FuzzListPageToken: whatever a client sends as page_token, the REST list
// answers a page or a 400, never a 5xx.
func FuzzListPageToken(f *testing.F) {
	h := NewServer(catalog.Seeded(), Config{Token: testToken})
	f.Add("")
	f.Add("eyJjIjoiIiwiYSI6InByb2QtMDAxIn0.AAAAAAAAAAAAAAAAAAAAAA")
	f.Add("%%%")
	f.Fuzz(func(t *testing.T, token string) {
		req := httptest.NewRequest(http.MethodGet, "/products?page_size=5&page_token="+url.QueryEscape(token), nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("token %q: status %d: %s", token, rec.Code, rec.Body.String())
		}
	})
}
