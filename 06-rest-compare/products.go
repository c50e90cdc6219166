package rest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/solved/step03"
)

// listProducts: GET /products, in one of two styles.
//
// Cursor (preferred): ?category=books&page_size=100&page_token=...
// answers {"products": [...], "nextPageToken": "..."}, the same pages as
// ListProducts.
//
// Page numbers (the guide's style, done right): ?page=2&limit=10 answers
// {"products": [...], "total": 36, "page": 2, "pages": 4}. The guide read
// page and limit as strings, so start + limit was 10 + "10" = "1010" and
// page 2 returned everything from the 11th product on. Here both are parsed
// and checked.
func (h *handlers) listProducts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Has("page") || q.Has("limit") {
		h.listPageNumbers(w, r)
		return
	}
	size := 0
	if s := q.Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "page_size must be a whole number")
			return
		}
		size = n
	}
	page, err := step03.List(h.store, step03.Query{Category: q.Get("category"), PageSize: size, PageToken: q.Get("page_token")})
	if err != nil {
		writeStoreError(w, err)
		return
	}
	writeProductList(w, page.Products, map[string]any{"nextPageToken": page.NextPageToken})
}

func (h *handlers) listPageNumbers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Has("page_token") || q.Has("page_size") {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "use page & limit, or page_size & page_token, not both")
		return
	}
	page, err := intParam(q.Get("page"), 1, 1, 1<<30)
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "page "+err.Error())
		return
	}
	limit, err := intParam(q.Get("limit"), 10, 1, 1000)
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "limit "+err.Error())
		return
	}
	products, total := h.store.Slice(q.Get("category"), (page-1)*limit, limit)
	writeProductList(w, products, map[string]any{"total": total, "page": page, "pages": (total + limit - 1) / limit})
}

// writeProductList answers {"products": [...], <fields>}. Each product is
// protojson; the envelope is plain JSON (no proto message describes it).
func writeProductList(w http.ResponseWriter, products []*pb.Product, fields map[string]any) {
	var buf bytes.Buffer
	buf.WriteString(`{"products":[`)
	for i, p := range products {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, err := marshal.Marshal(p)
		if err != nil {
			writeError(w, http.StatusInternalServerError, "INTERNAL", "encoding the response failed")
			return
		}
		buf.Write(b)
	}
	buf.WriteString("]")
	if len(fields) > 0 {
		meta, _ := json.Marshal(fields) // {"a":1,...}, keys sorted
		buf.WriteByte(',')
		buf.Write(meta[1:]) // without its "{", keeping its "}"
	} else {
		buf.WriteByte('}')
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(buf.Bytes())
}

type rangeError string

func (e rangeError) Error() string { return string(e) }

// intParam parses an optional whole number within [lo, hi].
func intParam(s string, def, lo, hi int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, rangeError("must be a whole number")
	}
	if n < lo || n > hi {
		return 0, rangeError("must be between " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi))
	}
	return n, nil
}
