package rest

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

// The tests for streamProducts in stream.go.

const todoStream = "TODO(06): write streamProducts in 06-rest-compare/stream.go -- see 06-rest-compare/README.md#write-the-ndjson-stream"

func TestStreamProductsAsNDJSON(t *testing.T) {
	srv, _ := startServer(t)
	r := call(t, srv, http.MethodGet, "/products/stream?category=toys", "")
	requireStatus(t, http.StatusOK, r)
	assert.Equal(t, "application/x-ndjson", r.header.Get("Content-Type"))

	var ids []string
	lines := bufio.NewScanner(strings.NewReader(r.body))
	for lines.Scan() {
		var p pb.Product
		require.NoError(t, protojson.Unmarshal(lines.Bytes(), &p), "each line is one product: %q", lines.Text())
		ids = append(ids, p.GetId())
	}
	assert.Equal(t, []string{"prod-031", "prod-032", "prod-033", "prod-034", "prod-035", "prod-036"}, ids)
	assert.True(t, strings.HasSuffix(r.body, "}\n"), "every line ends with a newline, the last one too")

	r = call(t, srv, http.MethodGet, "/products/stream", "")
	assert.Equal(t, 36, strings.Count(r.body, "\n"), "no category: all of them")
	r = call(t, srv, http.MethodGet, "/products/stream?category=no-such-category", "")
	requireStatus(t, http.StatusOK, r)
	assert.Empty(t, r.body, "an empty category is an empty stream, not an error")
}

func TestStreamProductsLimit(t *testing.T) {
	srv, _ := startServer(t)
	for _, tc := range []struct {
		query string
		lines int
	}{{"limit=3", 3}, {"limit=0", 0}, {"limit=100", 36}, {"category=books&limit=2", 2}} {
		r := call(t, srv, http.MethodGet, "/products/stream?"+tc.query, "")
		requireStatus(t, http.StatusOK, r)
		assert.Equal(t, tc.lines, strings.Count(r.body, "\n"), tc.query)
	}
	for _, bad := range []string{"limit=-1", "limit=abc", "limit=1.5"} {
		r := call(t, srv, http.MethodGet, "/products/stream?"+bad, "")
		requireStatus(t, http.StatusBadRequest, r)
		assertError(t, r, http.StatusBadRequest, "INVALID_ARGUMENT", "limit")
	}
}

// More products than one walk of the store takes at once: all of them, in
// order, each once.
func TestStreamProductsTenThousand(t *testing.T) {
	store := catalog.New()
	want := catalog.Generate("load", 10_500)
	_, err := store.CreateAll(want)
	require.NoError(t, err)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/products/stream", nil)

	(&handlers{store: store}).streamProducts(rec, req)

	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	lines := strings.Split(strings.TrimSuffix(rec.Body.String(), "\n"), "\n")
	require.Len(t, lines, len(want))
	for _, i := range []int{0, 999, 1000, 5000, 10_499} {
		var p pb.Product
		require.NoError(t, protojson.Unmarshal([]byte(lines[i]), &p))
		assert.Equal(t, want[i].GetId(), p.GetId(), "line %d", i)
	}
}

// flushCounter is a ResponseWriter that records, at each Flush, how many
// lines had been written; and it can end the request's context after n lines.
type flushCounter struct {
	http.ResponseWriter
	lines, flushedAt []int
	written          int
	cancelAfter      int
	cancel           context.CancelFunc
}

func (f *flushCounter) Write(b []byte) (int, error) {
	f.written += strings.Count(string(b), "\n")
	if f.cancel != nil && f.written >= f.cancelAfter {
		f.cancel()
	}
	return f.ResponseWriter.Write(b)
}

func (f *flushCounter) Flush() { f.flushedAt = append(f.flushedAt, f.written) }

// Each product is flushed as soon as it is written: without a flush,
// net/http holds about 4 KB, and the client sees nothing of a slow stream.
func TestStreamProductsFlushesEachProduct(t *testing.T) {
	rec := &flushCounter{ResponseWriter: httptest.NewRecorder()}
	req := httptest.NewRequest(http.MethodGet, "/products/stream?category=books", nil)

	(&handlers{store: catalog.Seeded()}).streamProducts(rec, req)

	require.Equal(t, 6, rec.written, "%s\nsix books", todoStream)
	for n := 1; n <= 6; n++ {
		assert.Contains(t, rec.flushedAt, n, "no flush right after product %d (flushes came after %v lines)", n, rec.flushedAt)
	}
}

// A client that goes away: the handler stops writing. (Writes to a closed
// connection fail too, but only once net/http notices; until then a handler
// that does not look goes on marshalling for nobody.)
func TestStreamProductsStopsWhenTheClientGoes(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &flushCounter{ResponseWriter: httptest.NewRecorder(), cancelAfter: 3, cancel: cancel}
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/products/stream", nil)

	(&handlers{store: catalog.Seeded()}).streamProducts(rec, req)

	assert.Equal(t, 3, rec.written, "%s\nthe request's context ended after 3 products: check r.Context() before each one", todoStream)
}

func TestStreamProductsChecksTheContextBeforeTheFirstProduct(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := &flushCounter{ResponseWriter: httptest.NewRecorder()}
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/products/stream", nil)
	(&handlers{store: catalog.Seeded()}).streamProducts(rec, req)
	assert.Equal(t, 0, rec.written, "%s\nthe client had gone before the first product", todoStream)
}
