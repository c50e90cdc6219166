package rest

import "net/http"

// createBatch: POST /products/batch with {"products": [...]}.
// Stores all products or none; answers 201 with {"productsCreated": N, "productIds": [...]}.
//
// TODO(06): write it. See 06-rest-compare/README.md#write-the-batch-handler
func (h *handlers) createBatch(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotImplemented, "UNIMPLEMENTED",
		"TODO(06): write createBatch in 06-rest-compare/batch.go -- see 06-rest-compare/README.md#write-the-batch-handler")
}
