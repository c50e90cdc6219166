package rest

import (
	"net/http"

	"github.com/coder/websocket"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/protojson"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/solved/step05"
)

// productUpdates: GET /products/updates, upgraded to a WebSocket.
//
// REST's answer to a bidirectional stream. Each text message from the client
// is a ProductUpdateRequest in JSON ({"productId": "prod-001", "newPrice": 9.5});
// each answer is a ProductUpdateResponse in JSON, in order. The same store
// call applies it as the gRPC ProductUpdates does, and a refused update is
// answered with an error, not dropped. What gRPC gave us for free, we now
// write ourselves: message framing (WebSocket), a schema check (protojson),
// the end of the conversation (a close frame instead of half-close).
func (h *handlers) productUpdates(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, nil) // same-origin only: no OriginPatterns
	if err != nil {
		return // Accept has answered the client already
	}
	defer conn.CloseNow()
	ctx := r.Context()
	for {
		typ, data, err := conn.Read(ctx)
		if err != nil {
			return // closed by the client, or gone
		}
		resp := h.applyUpdate(typ, data)
		b, err := marshal.Marshal(resp)
		if err != nil {
			return
		}
		if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
			return
		}
	}
}

func (h *handlers) applyUpdate(typ websocket.MessageType, data []byte) *pb.ProductUpdateResponse {
	refuse := func(code codes.Code, msg string) *pb.ProductUpdateResponse {
		return &pb.ProductUpdateResponse{Result: &pb.ProductUpdateResponse_Error{
			Error: &pb.UpdateError{Code: int32(code), Message: msg}}}
	}
	if typ != websocket.MessageText {
		return refuse(codes.InvalidArgument, "send JSON text messages")
	}
	var req pb.ProductUpdateRequest
	if err := protojson.Unmarshal(data, &req); err != nil {
		return refuse(codes.InvalidArgument, "not a ProductUpdateRequest: "+err.Error())
	}
	resp := &pb.ProductUpdateResponse{ProductId: req.GetProductId()}
	p, err := step05.Apply(h.store, &req)
	if err != nil {
		resp.Result = &pb.ProductUpdateResponse_Error{Error: &pb.UpdateError{Code: int32(catalog.Code(err)), Message: err.Error()}}
		return resp
	}
	resp.Result = &pb.ProductUpdateResponse_Product{Product: p}
	return resp
}
