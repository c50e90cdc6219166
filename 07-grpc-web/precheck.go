package grpcweb

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/api/annotations"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// precheck answers, with each protocol's own client-error status, the
// client mistakes vanguard v0.4 answers with a 5xx: a body that does not
// decode (500 unknown), an empty or doubled unary message (500 or
// grpc-status 13, "cardinality violation"), an unknown REST query parameter
// or one that repeats a path variable (500, or silently wins over the path),
// invalid UTF-8 in a REST path (500), a GET with a body (500), and
// grpc-web-text (404). A client's mistake is never a 5xx, so these are
// caught before the transcoder sees them. It also inflates compressed
// requests, within a limit (inflate.go), and serves REST's HEAD (vanguard:
// 405). Native gRPC (application/grpc) goes straight through: grpc-go
// judges it itself.
func precheck(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := r.Header.Get("Content-Type")
		rest := strings.HasPrefix(r.URL.Path, "/v1/")
		switch {
		case (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.ContentLength != 0:
			// vanguard: 500 "request should have no body".
			msg := r.Method + " requests have no body: the path and the query say what to get"
			if rest {
				writeRESTError(w, msg)
			} else {
				refuse(w, "", connect.CodeInvalidArgument, msg)
			}
			return
		case strings.HasPrefix(ct, "application/grpc-web-text"):
			// Base64 gRPC-Web, for browsers that cannot read binary bodies
			// (none this workshop supports): vanguard does not serve it.
			http.Error(w, "application/grpc-web-text is not served: use binary gRPC-Web (application/grpc-web+proto), as connect-web does",
				http.StatusUnsupportedMediaType)
			return
		case rest:
			if r.Method == http.MethodHead {
				// HEAD is GET without the body (RFC 9110); vanguard knows
				// only GET (405). The response writer still knows it
				// answers a HEAD, so net/http drops the body it is given.
				r = r.WithContext(r.Context()) // a copy: the caller's request stays as it was
				r.Method = http.MethodGet
			}
			if msg := checkREST(r); msg != "" {
				writeRESTError(w, msg)
				return
			}
		case r.Method == http.MethodPost && (strings.HasPrefix(ct, "application/grpc-web") ||
			ct == "application/json" || ct == "application/proto" || strings.HasPrefix(ct, "application/connect+")):
			if !checkRPC(w, r, ct) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// checkREST returns what is wrong with a REST request, or "".
func checkREST(r *http.Request) string {
	if !utf8.ValidString(r.URL.Path) {
		return "the path is not valid UTF-8"
	}
	rule, vars := matchRule(r.URL.Path)
	if rule == nil || r.Method != http.MethodGet {
		return "" // the transcoder answers 404
	}
	input := methodOf(rule.GetSelector()).Input()
	for key := range r.URL.Query() {
		name := strings.SplitN(key, ".", 2)[0]
		field := input.Fields().ByName(protoreflect.Name(name))
		if field == nil {
			field = input.Fields().ByJSONName(name) // productId as well as product_id
		}
		switch {
		case field == nil:
			return fmt.Sprintf("unknown query parameter %q", key)
		case vars[string(field.Name())]:
			return fmt.Sprintf("query parameter %q repeats a path variable: the path says which one", key)
		}
	}
	return ""
}

// restRules are the REST routes of the contract: each ProductService
// method's google.api.http option, the same the transcoder reads, with the
// method's full name as its selector.
var restRules = func() []*annotations.HttpRule {
	var rules []*annotations.HttpRule
	methods := pb.File_ecommerce_v1_product_service_proto.Services().ByName("ProductService").Methods()
	for i := range methods.Len() {
		md := methods.Get(i)
		rule, ok := proto.GetExtension(md.Options(), annotations.E_Http).(*annotations.HttpRule)
		if !ok || rule == nil {
			continue // no REST route
		}
		rule = proto.CloneOf(rule)
		rule.Selector = string(md.FullName())
		rules = append(rules, rule)
	}
	return rules
}()

// matchRule finds the GET rule whose pattern matches path, and the names of
// the variables the path binds.
func matchRule(path string) (*annotations.HttpRule, map[string]bool) {
	segments := strings.Split(strings.Trim(path, "/"), "/")
	for _, rule := range restRules {
		pattern := strings.Split(strings.Trim(rule.GetGet(), "/"), "/")
		if rule.GetGet() == "" || len(pattern) != len(segments) {
			continue
		}
		vars := map[string]bool{}
		for i, p := range pattern {
			if strings.HasPrefix(p, "{") {
				vars[strings.Trim(p, "{}")] = true
			} else if p != segments[i] {
				vars = nil
				break
			}
		}
		if vars != nil {
			return rule, vars
		}
	}
	return nil, nil
}

func writeRESTError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": int(connect.CodeInvalidArgument), "message": msg, "details": []any{}})
}

// methodOf is the method a full name ("pkg.Service.Method") or an RPC path
// ("/pkg.Service/Method") names, or nil.
func methodOf(name string) protoreflect.MethodDescriptor {
	name = strings.ReplaceAll(strings.TrimPrefix(name, "/"), "/", ".")
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		return nil
	}
	m, _ := d.(protoreflect.MethodDescriptor)
	return m
}

// maxRequestBytes is the 4 MB a gRPC server accepts by default.
const maxRequestBytes = 4 << 20

// checkRPC reads a gRPC-Web or Connect request whose client sends one
// message (unary and server-streaming calls: all a browser can make),
// inflates it if it is compressed (inflate.go), answers the protocol's error
// if it does not decode, and otherwise puts the plain message back for the
// transcoder. A client stream's messages are inflated as they arrive. It
// reports whether to go on.
func checkRPC(w http.ResponseWriter, r *http.Request, ct string) bool {
	method := methodOf(r.URL.Path)
	if method == nil {
		return true // unknown methods get the transcoder's 404
	}
	encoding := encodingHeader(ct)
	// gzip is the one compression the transcoder knows: it refuses others
	// before it reads a byte.
	gzipped := r.Header.Get(encoding) == "gzip"
	if method.IsStreamingClient() {
		if gzipped {
			r.Body = &inflatingFrames{r: r.Body}
			r.Header.Del(encoding)
			r.ContentLength = -1
		}
		return true // each message is judged by the transcoder and the service
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes+5))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			refuse(w, ct, connect.CodeResourceExhausted, fmt.Sprintf("a request holds at most %d bytes", maxRequestBytes))
		} else {
			refuse(w, ct, connect.CodeInvalidArgument, "reading the request: "+err.Error())
		}
		return false
	}

	msg := body
	framed := strings.HasPrefix(ct, "application/grpc-web") || strings.HasPrefix(ct, "application/connect+")
	if framed { // 5-byte frames: flags, length, message
		frames, err := splitFrames(body)
		switch {
		case err != nil:
			refuse(w, ct, connect.CodeInvalidArgument, err.Error())
			return false
		case len(frames) != 1:
			// The gRPC spec's code for a request cardinality violation.
			refuse(w, ct, connect.CodeUnimplemented, fmt.Sprintf("%s takes exactly one request message, got %d", method.Name(), len(frames)))
			return false
		}
		msg = frames[0].data
		if frames[0].flags&1 != 0 { // compressed
			if !gzipped {
				return true // with no encoding, or one it does not know: the transcoder refuses it
			}
			if msg, err = inflate(msg); err != nil {
				refuseInflate(w, ct, err)
				return false
			}
			body = oneFrame(msg)
			r.Header.Del(encoding)
		}
	} else if gzipped {
		if msg, err = inflate(msg); err != nil {
			refuseInflate(w, ct, err)
			return false
		}
		body = msg
		r.Header.Del(encoding)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	if err := decode(msg, method.Input(), ct); err != nil {
		refuse(w, ct, connect.CodeInvalidArgument, "the request message does not decode: "+err.Error())
		return false
	}
	return true
}

// oneFrame puts msg in one uncompressed frame.
func oneFrame(msg []byte) []byte {
	head := []byte{0, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(head[1:], uint32(len(msg)))
	return append(head, msg...)
}

type frame struct {
	flags byte
	data  []byte
}

func splitFrames(b []byte) ([]frame, error) {
	var frames []frame
	for len(b) > 0 {
		if len(b) < 5 {
			return nil, errors.New("a message frame is cut short")
		}
		n := binary.BigEndian.Uint32(b[1:5])
		if uint64(len(b)-5) < uint64(n) {
			return nil, errors.New("a message frame is cut short")
		}
		if b[0]&0x80 == 0 { // not a trailer frame
			frames = append(frames, frame{flags: b[0], data: b[5 : 5+n]})
		}
		b = b[5+n:]
	}
	return frames, nil
}

func decode(b []byte, input protoreflect.MessageDescriptor, ct string) error {
	mt, err := protoregistry.GlobalTypes.FindMessageByName(input.FullName())
	if err != nil {
		return nil // not a type we know: let the transcoder judge
	}
	m := mt.New().Interface()
	if strings.Contains(ct, "json") {
		// Connect's JSON ignores unknown fields (so may old servers read new clients).
		return protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(b, m)
	}
	return proto.Unmarshal(b, m)
}

// refuse answers an RPC with code, the way its protocol says.
func refuse(w http.ResponseWriter, ct string, code connect.Code, msg string) {
	switch {
	case strings.HasPrefix(ct, "application/grpc-web"):
		// gRPC-Web: "trailers-only", the status in the headers of a 200.
		w.Header().Set("Content-Type", "application/grpc-web+proto")
		w.Header().Set("Grpc-Status", fmt.Sprint(int(code)))
		w.Header().Set("Grpc-Message", url.PathEscape(msg))
		w.WriteHeader(http.StatusOK)
	case strings.HasPrefix(ct, "application/connect+"):
		// A Connect stream ends with an end-of-stream frame (flag 2).
		end, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code.String(), "message": msg}})
		head := []byte{2, 0, 0, 0, 0}
		binary.BigEndian.PutUint32(head[1:], uint32(len(end)))
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(append(head, end...))
	default:
		// Connect unary: an HTTP status and a JSON error.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(connectHTTPStatus(code))
		_ = json.NewEncoder(w).Encode(map[string]string{"code": code.String(), "message": msg})
	}
}

// connectHTTPStatus is the Connect protocol's HTTP status for the two codes
// refuse sends to a unary call.
func connectHTTPStatus(code connect.Code) int {
	if code == connect.CodeResourceExhausted {
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}
