package cluster

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// HAProxy checks each replica the way a gRPC client would: it calls
// grpc.health.v1.Health/Check for ProductService and takes the replica out
// unless the answer is SERVING. A TCP check would only see that the port is
// open, not a replica that says NOT_SERVING. HAProxy 2.6 has no gRPC check,
// and its HTTP check cannot send a body that holds a zero byte (every gRPC
// message starts with one), so haproxy.cfg's tcp-check sends the call as
// raw HTTP/2 bytes, which these functions make, and looks for the answer's
// bytes. haproxy.go hands both to haproxy in the environment, in hex.

// healthCheckCall is the whole client side of one Check call on a new
// connection: HTTP/2's client preface, an empty SETTINGS frame, the call's
// HEADERS (HPACK-encoded) and one DATA frame with the request message.
func healthCheckCall() string {
	var out bytes.Buffer
	out.WriteString(http2.ClientPreface)
	fr := http2.NewFramer(&out, nil)
	_ = fr.WriteSettings()
	var block bytes.Buffer
	enc := hpack.NewEncoder(&block)
	for _, f := range []hpack.HeaderField{
		{Name: ":method", Value: "POST"}, {Name: ":scheme", Value: "http"},
		{Name: ":path", Value: healthpb.Health_Check_FullMethodName}, {Name: ":authority", Value: "haproxy"},
		{Name: "content-type", Value: "application/grpc"}, {Name: "te", Value: "trailers"},
	} {
		_ = enc.WriteField(f)
	}
	_ = fr.WriteHeaders(http2.HeadersFrameParam{StreamID: 1, BlockFragment: block.Bytes(), EndHeaders: true})
	_ = fr.WriteData(1, true, grpcMessage(&healthpb.HealthCheckRequest{Service: pb.ProductService_ServiceDesc.ServiceName}))
	return hex.EncodeToString(out.Bytes())
}

// healthCheckServing is the DATA frame of a SERVING answer, as grpc-go
// sends it on the check's stream (1): the message {status: SERVING}.
// NOT_SERVING differs in its last byte, so the check fails after its
// timeout; a replica that is gone fails at once (connection refused).
func healthCheckServing() string {
	var out bytes.Buffer
	_ = http2.NewFramer(&out, nil).WriteData(1, false,
		grpcMessage(&healthpb.HealthCheckResponse{Status: healthpb.HealthCheckResponse_SERVING}))
	return hex.EncodeToString(out.Bytes())
}

// grpcMessage frames m as gRPC does: a flag byte (not compressed), the
// length in four bytes, the message.
func grpcMessage(m proto.Message) []byte {
	b, _ := proto.Marshal(m)
	return append(binary.BigEndian.AppendUint32([]byte{0}, uint32(len(b))), b...)
}
