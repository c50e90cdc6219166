package rest

import "net/http"

// streamProducts: GET /products/stream?category=books&limit=100
//
// REST's answer to a server stream: one response whose body is NDJSON, one
// product per line (protojson), each line on its way to the client as soon
// as it is written.
//
// TODO(06): write it. See 06-rest-compare/README.md#write-the-ndjson-stream
func (h *handlers) streamProducts(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotImplemented, "UNIMPLEMENTED",
		"TODO(06): write streamProducts in 06-rest-compare/stream.go -- see 06-rest-compare/README.md#write-the-ndjson-stream")
}
