package rest

import (
	"net/http"
	"strconv"

	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step03"
)

// streamProducts: GET /products/stream?category=books
//
// REST's answer to a server stream: one HTTP response whose body is NDJSON,
// one product per line, written as it goes and flushed every flushEvery
// lines, so the client can start on the first product before the last is
// written. It walks the store a page at a time: no lock is held while
// writing (a slow client only slows its own response).
func (h *handlers) streamProducts(w http.ResponseWriter, r *http.Request) {
	const flushEvery = 100
	category := r.URL.Query().Get("category")
	limit := -1 // everything
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "limit must be a whole number >= 0")
			return
		}
		limit = n
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	flush := http.NewResponseController(w).Flush

	q := step03.Query{Category: category, PageSize: catalog.MaxPageSize}
	sent := 0
	for {
		page, err := step03.List(h.store, q)
		if err != nil {
			writeStoreError(w, err) // only the first page can fail; nothing written yet
			return
		}
		for _, p := range page.Products {
			if sent == limit || r.Context().Err() != nil {
				return // done, or the client went away
			}
			b, err := marshal.Marshal(p)
			if err != nil {
				return
			}
			if _, err := w.Write(append(b, '\n')); err != nil {
				return
			}
			if sent++; sent%flushEvery == 0 {
				_ = flush()
			}
		}
		if page.NextPageToken == "" {
			return
		}
		q.PageToken = page.NextPageToken
	}
}
