package rest

import (
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
// unknown one. Today every GET is answered in full.
//
// TODO(06): make it cacheable. See 06-rest-compare/README.md#stretch-let-http-caches-help
func (h *handlers) getProduct(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	if err := catalog.ValidateID(id); err != nil {
		writeStoreError(w, err)
		return
	}
	p, err := h.store.Get(id)
	if err != nil {
		writeStoreError(w, err)
		return
	}
	writeProto(w, http.StatusOK, p)
}
