package rest

import (
	"net/http"
	"strconv"
)

// streamProducts: GET /products/stream?category=books&limit=100
//
// REST's answer to a server stream: one response whose body is NDJSON, one
// product per line (protojson), each line on its way to the client as soon
// as it is written.
func (h *handlers) streamProducts(w http.ResponseWriter, r *http.Request) {
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
	// Everything that can fail with a status fails before the first byte:
	// once the 200 is out, an error can only end the body early.
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	flush := http.NewResponseController(w).Flush

	// Walk the store a batch at a time: Scan copies under its lock and lets
	// go, so a slow client only slows its own response.
	const batch = 1000
	sent, after := 0, ""
	for {
		products := h.store.Scan(category, after, batch)
		for _, p := range products {
			if sent == limit || r.Context().Err() != nil {
				return // done, or the client went away: stop working for nobody
			}
			b, err := marshal.Marshal(p)
			if err != nil {
				return
			}
			if _, err := w.Write(append(b, '\n')); err != nil {
				return // the connection is gone
			}
			// Without a flush, net/http buffers about 4 KB: the client would
			// see nothing until the buffer fills. (Flushing every line costs a
			// write per product; that is the price of "as it happens".)
			_ = flush()
			sent++
		}
		if len(products) < batch {
			return
		}
		after = products[len(products)-1].GetId()
	}
}
