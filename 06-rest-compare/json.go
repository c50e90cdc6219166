package rest

import (
	"encoding/json"
	"net/http"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/grpcvsrest/workshop/internal/catalog"
)

// Products travel as the proto's own JSON mapping (protojson): the same field
// names ("stockQuantity", "createdAt") and values as grpcurl shows for the
// gRPC API, so the two APIs serve the same data.
var marshal = protojson.MarshalOptions{}

// errorBody is the one shape every error has:
//
//	{"error": {"status": 400, "code": "INVALID_ARGUMENT", "message": "product 1: price must be >= 0"}}
//
// code is the gRPC code name of the same mistake, so a client of both APIs
// can share its error handling.
type errorBody struct {
	Error struct {
		Status  int    `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	var body errorBody
	body.Error.Status, body.Error.Code, body.Error.Message = status, code, message
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // "price must be >= 0", not "\u003e= 0": this is an API, not HTML
	_ = enc.Encode(body)
}

// writeStoreError answers a catalog error with its HTTP status and gRPC code.
func writeStoreError(w http.ResponseWriter, err error) {
	code := strings.ToUpper(toSnake(catalog.Code(err).String()))
	writeError(w, catalog.HTTPStatus(err), code, err.Error())
}

// writeProto answers with one message as JSON.
func writeProto(w http.ResponseWriter, status int, m proto.Message) {
	b, err := marshal.Marshal(m)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "INTERNAL", "encoding the response failed")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// toSnake turns "InvalidArgument" into "Invalid_Argument".
func toSnake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}
