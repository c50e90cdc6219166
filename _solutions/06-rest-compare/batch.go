package rest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// createBatch: POST /products/batch with {"products": [...]}.
// Stores all products or none; answers 201 with {"productsCreated": N, "productIds": [...]}.
func (h *handlers) createBatch(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, http.StatusUnsupportedMediaType, "INVALID_ARGUMENT", "Content-Type must be application/json")
		return
	}
	// Read at most MaxBodyBytes: past that, reads fail with *http.MaxBytesError.
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)

	// The envelope: exactly {"products": [...]}, nothing else, nothing after.
	dec := json.NewDecoder(body)
	listed, err := readEnvelope(dec)
	if errors.Is(err, errNotEnvelope) {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", err.Error())
		return
	}
	if err != nil {
		badBody(w, err)
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		badBody(w, errors.New("unexpected data after the JSON object"))
		return
	}

	// Each product with the proto's JSON mapping: unknown fields and wrong
	// types are errors, as they would be on the gRPC API.
	products := make([]*pb.Product, len(listed))
	for i, raw := range listed {
		products[i] = &pb.Product{}
		if err := protojson.Unmarshal(raw, products[i]); err != nil {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", fmt.Sprintf("product %d: %v", i, err))
			return
		}
	}

	// All or nothing, with the same rules and messages as UploadProducts.
	ids, err := h.store.CreateAll(products)
	if err != nil {
		writeStoreError(w, err) // 400 for a broken rule, 409 for a taken id
		return
	}
	writeProto(w, http.StatusCreated, &pb.UploadProductsResponse{ProductsCreated: int32(len(ids)), ProductIds: ids})
}

// errNotEnvelope is valid JSON that is not the batch's envelope.
var errNotEnvelope = errors.New(`body must be {"products": [...]}`)

// readEnvelope reads {"products": [...]} token by token: the one field,
// spelled exactly so, once. Decoding into a struct would be shorter and
// wrong twice over: encoding/json matches names regardless of case (it
// takes "Products" and "PRODUCTS"), and a second "products" silently
// replaces the first.
func readEnvelope(dec *json.Decoder) ([]json.RawMessage, error) {
	open, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if open != json.Delim('{') {
		return nil, fmt.Errorf("%w: not an object", errNotEnvelope)
	}
	var products []json.RawMessage
	seen := false
	for dec.More() {
		key, err := dec.Token() // in an object, always a string
		if err != nil {
			return nil, err
		}
		switch {
		case key != "products":
			return nil, fmt.Errorf("%w: unknown field %q", errNotEnvelope, key)
		case seen:
			return nil, fmt.Errorf("%w: duplicate field %q", errNotEnvelope, key)
		}
		seen = true
		if err := dec.Decode(&products); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing }
		return nil, err
	}
	if products == nil { // no "products", or null
		return nil, errNotEnvelope
	}
	return products, nil
}

// badBody answers a body that is not the JSON we asked for.
func badBody(w http.ResponseWriter, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, http.StatusRequestEntityTooLarge, "RESOURCE_EXHAUSTED",
			fmt.Sprintf("body is larger than %d bytes: send fewer products per request", tooBig.Limit))
		return
	}
	writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "body is not valid JSON: "+err.Error())
}
