package grpcweb

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI (Swagger 2.0) document of the REST routes,
// generated from the contract by go generate ./01-proto/
// (01-proto/buf.gen.openapi.yaml and openapi.yaml). Served as generated:
// the bytes a tool reads are the bytes openapi_test.go checks against the
// live routes, and Swagger UI, editor.swagger.io, Postman and
// openapi-generator all read 2.0.
//
//go:embed openapi/product_service.swagger.json
var openAPIDoc []byte

// serveOpenAPI answers GET (and HEAD) /openapi.json with the document.
// No token: a description of the API is public, the API is not. Any origin
// may read it (a page on editor.swagger.io, say): it is the same for
// everyone and no credentials are involved, unlike the API's CORS, which
// never allows "*" (grpcweb.go).
func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(openAPIDoc)
}
