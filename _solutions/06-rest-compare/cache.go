package rest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

// A stretch exercise, and REST's own win: HTTP caching. A GET of a product
// that says how long it stays fresh (Cache-Control) and names its version
// (ETag) can be answered by any cache on the way (the browser's, nginx,
// a CDN) without reaching this server, or with a 304 and no body when the
// client already holds that version. No standard cache can do this for a
// gRPC call: it is a POST, and its answer ends in trailers.

// CacheMaxAge is how long a cache may reuse a product without asking again:
// the staleness this catalogue accepts (a price on a page may be 10 s old).
const CacheMaxAge = 10 * time.Second

// getProduct: GET /products/{id}. 400 for a malformed id, 404 for an
// unknown one; a product comes with its version and how long to keep it.
func (h *handlers) getProduct(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := catalog.ValidateID(id); err != nil {
		w.Header().Set("Cache-Control", "no-store") // a mistake is not worth keeping
		writeStoreError(w, err)
		return
	}
	p, err := h.store.Get(id)
	if err != nil {
		// A kept 404 would hide the product once it is created.
		w.Header().Set("Cache-Control", "no-store")
		writeStoreError(w, err)
		return
	}
	body, err := marshal.Marshal(p)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "INTERNAL", "encoding the response failed")
		return
	}
	// The version is a hash of the very bytes sent: when the product
	// changes, so does its ETag, and an old copy no longer matches.
	sum := sha256.Sum256(body)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	// public: the request carried a token, and a shared cache keeps such
	// an answer only when told it may (RFC 9111 §3.5). The catalogue is
	// the same for every caller; the cache in front keys on the token.
	w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(CacheMaxAge/time.Second)))
	w.Header().Set("Content-Type", "application/json")
	// ServeContent knows the rules of If-None-Match (a list, W/, *) and
	// answers 304 without a body when the client's copy is current.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}
