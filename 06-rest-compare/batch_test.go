package rest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for the exercise in batch.go. Run: go test ./06-rest-compare/...

func productJSON(id string) string {
	return fmt.Sprintf(`{"id":%q,"name":"Thing %s","price":9.5,"category":"gadgets","stockQuantity":3,"status":"PRODUCT_STATUS_ACTIVE"}`, id, id)
}

func TestCreateBatch(t *testing.T) {
	srv, store := startServer(t)
	body := `{"products":[` + productJSON("new-1") + `,` + productJSON("new-2") + `]}`

	r := call(t, srv, http.MethodPost, "/products/batch", body)

	requireStatus(t, http.StatusCreated, r)
	var got struct {
		ProductsCreated int      `json:"productsCreated"`
		ProductIDs      []string `json:"productIds"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.body), &got), r.body)
	assert.Equal(t, 2, got.ProductsCreated)
	assert.Equal(t, []string{"new-1", "new-2"}, got.ProductIDs)
	assert.Equal(t, 38, store.Len())
	p, err := store.Get("new-2")
	require.NoError(t, err)
	assert.Equal(t, "Thing new-2", p.GetName())
	assert.EqualValues(t, 3, p.GetStockQuantity(), "JSON names are protojson's: stockQuantity")
}

func TestCreateEmptyBatch(t *testing.T) {
	srv, store := startServer(t)
	r := call(t, srv, http.MethodPost, "/products/batch", `{"products":[]}`)
	requireStatus(t, http.StatusCreated, r)
	assert.Equal(t, 36, store.Len())

	// A media type may carry parameters: this is still JSON.
	r = call(t, srv, http.MethodPost, "/products/batch", `{"products":[]}`, "Content-Type", "application/json; charset=utf-8")
	requireStatus(t, http.StatusCreated, r)
}

// Every bad request gets its exact status, the stable error shape, and
// stores nothing: not even the good product before the bad one.
func TestCreateBatchRejectsBadInput(t *testing.T) {
	good := productJSON("new-1")
	with := func(p string) string { return `{"products":[` + good + `,` + p + `]}` }
	cases := []struct {
		name    string
		body    string
		header  []string
		status  int
		code    string
		message string
	}{
		{"malformed JSON", `{"products":[`, nil, 400, "INVALID_ARGUMENT", "not valid JSON"},
		{"empty body", ``, []string{"Content-Type", "application/json"}, 400, "INVALID_ARGUMENT", "not valid JSON"},
		{"no products key", `{}`, nil, 400, "INVALID_ARGUMENT", `body must be {"products": [...]}`},
		{"products is null", `{"products":null}`, nil, 400, "INVALID_ARGUMENT", `body must be`},
		{"unknown top-level field", `{"products":[],"dryRun":true}`, nil, 400, "INVALID_ARGUMENT", `unknown field "dryRun"`},
		// encoding/json would take these: it matches names regardless of
		// case, and the last of two fields of the same name wins.
		{"products capitalised", `{"Products":[` + good + `]}`, nil, 400, "INVALID_ARGUMENT", `unknown field "Products"`},
		{"products in capitals", `{"PRODUCTS":[` + good + `]}`, nil, 400, "INVALID_ARGUMENT", `unknown field "PRODUCTS"`},
		{"products twice", `{"products":[],"products":[` + good + `]}`, nil, 400, "INVALID_ARGUMENT", `duplicate field "products"`},
		{"products twice, the second null", `{"products":[` + good + `],"products":null}`, nil, 400, "INVALID_ARGUMENT", `duplicate field "products"`},
		{"not an object", `[` + good + `]`, nil, 400, "INVALID_ARGUMENT", `body must be {"products": [...]}`},
		{"unknown product field", with(`{"id":"new-2","name":"x","price":1,"status":"PRODUCT_STATUS_ACTIVE","colour":"red"}`), nil, 400, "INVALID_ARGUMENT", "product 1:"},
		{"wrong type", with(`{"id":"new-2","name":"x","price":"cheap","status":"PRODUCT_STATUS_ACTIVE"}`), nil, 400, "INVALID_ARGUMENT", "product 1:"},
		{"data after the object", `{"products":[]} {"products":[]}`, nil, 400, "INVALID_ARGUMENT", "after the JSON object"},
		{"empty id", with(`{"id":"","name":"x","price":1,"status":"PRODUCT_STATUS_ACTIVE"}`), nil, 400, "INVALID_ARGUMENT", "product 1: product_id is required"},
		{"negative price", with(`{"id":"new-2","name":"x","price":-1,"status":"PRODUCT_STATUS_ACTIVE"}`), nil, 400, "INVALID_ARGUMENT", "price must be >= 0"},
		{"NaN price", with(`{"id":"new-2","name":"x","price":"NaN","status":"PRODUCT_STATUS_ACTIVE"}`), nil, 400, "INVALID_ARGUMENT", "finite"},
		{"no status", with(`{"id":"new-2","name":"x","price":1}`), nil, 400, "INVALID_ARGUMENT", "status is required"},
		{"duplicate in the batch", with(good), nil, 409, "ALREADY_EXISTS", "already used by product 0"},
		{"id already stored", with(productJSON("prod-001")), nil, 409, "ALREADY_EXISTS", `"prod-001" already exists`},
		{"not JSON content type", `{"products":[]}`, []string{"Content-Type", "text/plain"}, 415, "INVALID_ARGUMENT", "Content-Type must be application/json"},
		{"body over the limit", `{"products":[` + strings.Repeat(good+",", MaxBodyBytes/len(good)+1) + good + `]}`, nil, 413, "RESOURCE_EXHAUSTED", "larger than"},
		{"no token", `{"products":[]}`, []string{"Authorization", ""}, 401, "UNAUTHENTICATED", "Bearer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, store := startServer(t)

			r := call(t, srv, http.MethodPost, "/products/batch", tc.body, tc.header...)

			requireStatus(t, tc.status, r)
			assertError(t, r, tc.status, tc.code, tc.message)
			assert.Equal(t, 36, store.Len(), "nothing stored")
		})
	}
}

// endless is a body of left bytes: head, then spaces. It counts what was read.
type endless struct {
	head string
	left int
	read int
}

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && e.left > 0 {
		if e.read < len(e.head) {
			p[n] = e.head[e.read]
		} else {
			p[n] = ' '
		}
		n++
		e.read++
		e.left--
	}
	return n, nil
}

func TestCreateBatchReadsNoFurtherThanTheLimit(t *testing.T) {
	body := &endless{head: `{"products":[`, left: 4 * MaxBodyBytes}
	req := httptest.NewRequest(http.MethodPost, "/products/batch", body)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	(&handlers{store: catalog.Seeded()}).createBatch(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code, "body: %s", rec.Body.String())
	assert.LessOrEqual(t, body.read, MaxBodyBytes+64<<10, "the handler read %d bytes of a body over the limit", body.read)
}

// The limit is a size a body may have: exactly MaxBodyBytes is served, one
// byte more is 413. (JSON may carry any amount of whitespace, so a real
// batch can be padded to the byte.)
func TestCreateBatchTakesABodyOfExactlyTheLimit(t *testing.T) {
	for _, tc := range []struct {
		size   int
		status int
	}{{MaxBodyBytes, http.StatusCreated}, {MaxBodyBytes + 1, http.StatusRequestEntityTooLarge}} {
		head := `{"products":[` + productJSON("edge-1") + `]`
		body := head + strings.Repeat(" ", tc.size-len(head)-1) + "}"
		require.Len(t, body, tc.size)
		req := httptest.NewRequest(http.MethodPost, "/products/batch", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		(&handlers{store: catalog.Seeded()}).createBatch(rec, req)
		assert.Equal(t, tc.status, rec.Code, "a body of %d bytes (MaxBodyBytes is %d): %s", tc.size, MaxBodyBytes, firstBytes(rec.Body.String()))
	}
}

func firstBytes(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// FuzzCreateBatch: whatever the body, the batch handler answers a 201 or a
// 4xx in the one error shape, never a 5xx and never a panic.
func FuzzCreateBatch(f *testing.F) {
	f.Add(`{"products": [` + productJSON("f-1") + `]}`)
	f.Add(`{"products": []}`)
	f.Add(`{"products": [{"id": 1}]}`)
	f.Add(`{`)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/products/batch", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		(&handlers{store: catalog.Seeded()}).createBatch(rec, req)
		if rec.Code != http.StatusCreated && (rec.Code < 400 || rec.Code >= 500) {
			t.Fatalf("body %q: status %d, want 201 or a 4xx: %s", body, rec.Code, rec.Body.String())
		}
	})
}
