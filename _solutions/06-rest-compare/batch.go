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
	var batch struct {
		Products []json.RawMessage `json:"products"`
	}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&batch); err != nil {
		badBody(w, err)
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		badBody(w, errors.New("unexpected data after the JSON object"))
		return
	}
	if batch.Products == nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", `body must be {"products": [...]}`)
		return
	}

	// Each product with the proto's JSON mapping: unknown fields and wrong
	// types are errors, as they would be on the gRPC API.
	products := make([]*pb.Product, len(batch.Products))
	for i, raw := range batch.Products {
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
