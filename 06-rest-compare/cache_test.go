package rest

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
)

const todoCache = "TODO(06): make getProduct cacheable in 06-rest-compare/cache.go -- see 06-rest-compare/README.md#stretch-let-http-caches-help"

// etagShape is an entity tag as RFC 9110 writes it: quoted, perhaps weak.
var etagShape = regexp.MustCompile(`^(W/)?"[\x21\x23-\x7e]+"$`)

// requireETag checks a 200 carries a well-formed ETag and returns it.
func requireETag(t *testing.T, r response) string {
	t.Helper()
	requireStatus(t, http.StatusOK, r)
	etag := r.header.Get("ETag")
	require.NotEmpty(t, etag, "a 200 without an ETag: no cache can ask \"has it changed?\". %s", todoCache)
	require.Regexp(t, etagShape, etag, "an ETag is a quoted string, e.g. \"3f2a9c\" (quotes included): caches compare it as written")
	return etag
}

// directives reads Cache-Control into a map: "public, max-age=10" is
// {"public": "", "max-age": "10"}.
func directives(h http.Header) map[string]string {
	d := map[string]string{}
	for _, part := range strings.Split(h.Get("Cache-Control"), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		if k != "" {
			d[strings.ToLower(k)] = strings.Trim(v, `"`)
		}
	}
	return d
}

// setPrice changes a stored product, as an update would.
func setPrice(store *catalog.Store, id string, price float64) {
	change(store, id, func(p *pb.Product) { p.Price = price })
}

// change edits a stored product in place, as an update would.
func change(store *catalog.Store, id string, edit func(*pb.Product)) {
	store.Lock()
	defer store.Unlock()
	p, err := store.Stored(id)
	if err != nil {
		panic(err)
	}
	edit(p)
}

func TestCacheHeaders(t *testing.T) {
	srv, _ := startServer(t)
	r := call(t, srv, http.MethodGet, "/products/prod-001", "")
	etag := requireETag(t, r)
	assert.False(t, strings.HasPrefix(etag, "W/"), "the ETag %s is weak (W/): weak means \"the same meaning, maybe other bytes\", but a hash of the body names these exact bytes, so say it strong, \"...\" (caches may then also answer byte ranges from their copy)", etag)
	d := directives(r.header)
	require.NotEmpty(t, r.header.Get("Cache-Control"), "a 200 without Cache-Control: a cache must guess how long to keep it, or not keep it. %s", todoCache)
	for _, never := range []string{"private", "no-cache", "no-store"} {
		_, ok := d[never]
		assert.False(t, ok, "Cache-Control %q has %s: nginx or a CDN in front of the API would not keep the product (the README's table says why public)", r.header.Get("Cache-Control"), never)
	}
	// RFC 9111 §3.5: an answer to a request with Authorization is kept by a
	// shared cache only with public, s-maxage or must-revalidate.
	_, public := d["public"]
	_, sMaxAge := d["s-maxage"]
	_, mustRevalidate := d["must-revalidate"]
	assert.True(t, public || sMaxAge || mustRevalidate, "Cache-Control %q lacks public: the request carried an Authorization header, and a shared cache keeps such an answer only when told it may (RFC 9111 §3.5)", r.header.Get("Cache-Control"))
	want := strconv.Itoa(int(CacheMaxAge.Seconds()))
	assert.Equal(t, want, d["max-age"], "Cache-Control %q: max-age is CacheMaxAge in seconds, the staleness the catalogue accepts", r.header.Get("Cache-Control"))
	assert.Equal(t, "application/json", r.header.Get("Content-Type"),
		"a product is JSON: set Content-Type before http.ServeContent, which otherwise guesses text/plain from the body")
}

func TestETagNamesTheVersion(t *testing.T) {
	srv, store := startServer(t)
	sameCreated(store) // as in the replica's process, below
	first := requireETag(t, call(t, srv, http.MethodGet, "/products/prod-001", ""))
	again := requireETag(t, call(t, srv, http.MethodGet, "/products/prod-001", ""))
	assert.Equal(t, first, again, "the same product, unchanged, got two ETags: a cache would think it changed on every call (derive the ETag from the product, not from the time or a counter)")
	other := requireETag(t, call(t, srv, http.MethodGet, "/products/prod-002", ""))
	assert.NotEqual(t, first, other, "two different products share an ETag")

	// A second server over the same store: an ETag that comes from the
	// content is the same on every replica behind a load balancer.
	twin := httptest.NewServer(NewServer(store, Config{Token: testToken}))
	defer twin.Close()
	assert.Equal(t, first, requireETag(t, call(t, twin, http.MethodGet, "/products/prod-001", "")),
		"another replica gave the same product another ETag: behind a load balancer every switch of replica would look like a change (derive it from the content alone)")

	// And a replica in a process of its own, as a real one runs.
	client := &http.Client{Transport: &http.Transport{}, Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	there := requireETag(t, callURL(t, client, startReplicaProcess(t), http.MethodGet, "/products/prod-001", ""))
	assert.Equal(t, first, there,
		"a replica in another process gave the same product another ETag: it mixes in something of its process (its start time, a boot id, a random id, the host). Behind a load balancer every switch of replica would look like a change: derive it from the body alone")

	setPrice(store, "prod-001", 1234.5)
	changed := requireETag(t, call(t, srv, http.MethodGet, "/products/prod-001", ""))
	assert.NotEqual(t, first, changed, "the price changed and the ETag did not: clients holding the old copy would be told it is current (derive the ETag from the product's content, not its id)")

	// Any field the body carries is the version, not only the ones that
	// change most often.
	seen := []string{first, changed}
	for _, c := range []struct {
		what string
		edit func(*pb.Product)
	}{
		{"name", func(p *pb.Product) { p.Name += " (new edition)" }},
		{"stock", func(p *pb.Product) { p.StockQuantity++ }},
		{"description", func(p *pb.Product) { p.Description += "." }},
	} {
		change(store, "prod-001", c.edit)
		etag := requireETag(t, call(t, srv, http.MethodGet, "/products/prod-001", ""))
		assert.NotContains(t, seen, etag, "the %s changed and the ETag is one the product had before: a cache would answer 304 with the old %s. Hash the whole body you send, not some of its fields", c.what, c.what)
		seen = append(seen, etag)
	}
}

func TestIfNoneMatch(t *testing.T) {
	srv, store := startServer(t)
	get := func(header ...string) response {
		return call(t, srv, http.MethodGet, "/products/prod-001", "", header...)
	}
	etag := requireETag(t, get())
	bare := strings.TrimPrefix(etag, "W/")
	for _, tc := range []struct {
		name, ifNoneMatch string
		want              int
	}{
		{"the current version", etag, http.StatusNotModified},
		{"the current version, weak", "W/" + bare, http.StatusNotModified},
		{"a list that holds it", `"0000", ` + etag, http.StatusNotModified},
		{"a list without spaces", `"0000",` + etag, http.StatusNotModified},
		{"any version (*)", "*", http.StatusNotModified},
		{"another version", `"0000"`, http.StatusOK},
		{"a version that is the current one cut short", bare[:len(bare)-2] + `"`, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := get("If-None-Match", tc.ifNoneMatch)
			if now := r.header.Get("ETag"); r.status == http.StatusOK && now != "" && now != etag {
				t.Fatalf("the ETag changed with nothing changed: %s a moment ago, %s now, so no If-None-Match can ever match. Derive it from the body alone, not the time or a counter", etag, now)
			}
			require.Equal(t, tc.want, r.status, "If-None-Match: %s (the current ETag is %s)", tc.ifNoneMatch, etag)
			if tc.want == http.StatusNotModified {
				assert.Empty(t, r.body, "a 304 has no body: the client has it")
				assert.Equal(t, etag, r.header.Get("ETag"), "a 304 repeats the ETag (RFC 9110 §15.4.5): the cache keeps the version it renews")
				assert.Equal(t, directives(get().header), directives(r.header), "a 304 repeats Cache-Control: it renews the copy for max-age more")
			} else {
				assert.Contains(t, r.body, `"id":"prod-001"`, "a version that does not match gets the product in full")
			}
		})
	}
	t.Run("HEAD", func(t *testing.T) {
		r := call(t, srv, http.MethodHead, "/products/prod-001", "", "If-None-Match", etag)
		assert.Equal(t, http.StatusNotModified, r.status, "HEAD asks the same question as GET")
	})
	t.Run("after a change", func(t *testing.T) {
		setPrice(store, "prod-001", 99.5)
		r := get("If-None-Match", etag)
		require.Equal(t, http.StatusOK, r.status, "the product changed since %s was sent: a 304 would keep the old price on the client (compare with the current ETag, not with any)", etag)
		assert.Contains(t, r.body, `"price":99.5`)
		assert.NotEqual(t, etag, r.header.Get("ETag"), "the new version needs a new ETag")
	})
}

func TestCacheNeverKeepsAMistake(t *testing.T) {
	srv, _ := startServer(t)
	for _, tc := range []struct {
		name, path  string
		want        int
		ifNoneMatch string
	}{
		{"a malformed id", "/products/bad%20id", http.StatusBadRequest, ""},
		{"an unknown id", "/products/prod-999", http.StatusNotFound, ""},
		{"an unknown id, If-None-Match *", "/products/prod-999", http.StatusNotFound, "*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var header []string
			if tc.ifNoneMatch != "" {
				header = []string{"If-None-Match", tc.ifNoneMatch}
			}
			r := call(t, srv, http.MethodGet, tc.path, "", header...)
			require.Equal(t, tc.want, r.status, "body: %s (If-None-Match * matches a product that exists: check the id and the store first)", r.body)
			assert.Empty(t, r.header.Get("ETag"), "an error has no version to revalidate")
			assert.Equal(t, "no-store", r.header.Get("Cache-Control"),
				"the %d says nothing about caching. A 404 may be kept by default (RFC 9110 §15.1 makes it cacheable, and RFC 9111 §4.2.2 lets a cache guess how long), so a product created later stays 'not found' behind it; a 400 is kept by a cache set to keep every answer (nginx's proxy_cache_valid any). Say no-store on every error. %s", tc.want, todoCache)
		})
	}
}
