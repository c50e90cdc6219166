package grpcweb

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"connectrpc.com/connect"
	"golang.org/x/net/http2"
)

// A gzip bomb is a small body that inflates to a huge one: 260 KB of gzip
// are 256 MB of zeros. vanguard v0.4 inflates a compressed request whole,
// with no limit, and before the interceptors run (auth among them): three
// such requests with no token grew this server by 1.8 GB. So precheck
// inflates every compressed request itself, never past maxRequestBytes, and
// hands the transcoder the plain message. Native gRPC does not come here:
// grpc-go inflates at most its own 4 MB.
//
// Past the limit the answer is resource_exhausted, with or without a
// token: the message is read before the interceptors see the call, as in
// grpc-go. The bound is what makes that order safe.

// errTooBig is a message that inflates past maxRequestBytes.
var errTooBig = fmt.Errorf("a request message holds at most %d bytes, decompressed", maxRequestBytes)

// encodingHeader names the header that says how a request's messages are
// compressed, per protocol.
func encodingHeader(ct string) string {
	switch {
	case strings.HasPrefix(ct, "application/grpc-web"):
		return "Grpc-Encoding"
	case strings.HasPrefix(ct, "application/connect+"): // a Connect stream: each message alone
		return "Connect-Content-Encoding"
	default: // Connect unary: the body as a whole
		return "Content-Encoding"
	}
}

// inflate returns the gzip data b decompressed: errTooBig once it passes
// maxRequestBytes, another error if it is not gzip.
func inflate(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("the message is not gzip: %w", err)
	}
	// One byte more than allowed tells "exactly the limit" from "past it".
	out, err := io.ReadAll(io.LimitReader(zr, maxRequestBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("the message is not gzip: %w", err)
	case len(out) > maxRequestBytes:
		return nil, errTooBig
	}
	return out, nil
}

// inflatingFrames reads a stream of message frames (a client stream) and
// gives them out uncompressed, one frame at a time, each bounded as above.
type inflatingFrames struct {
	r       io.ReadCloser
	pending []byte // the rest of the current frame, uncompressed
	err     error  // sticky: once a frame fails, so does every later Read
}

func (f *inflatingFrames) Read(p []byte) (int, error) {
	for len(f.pending) == 0 && f.err == nil {
		f.pending, f.err = f.next()
	}
	if len(f.pending) == 0 {
		return 0, f.err
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

// next reads one frame: flags, length, data.
func (f *inflatingFrames) next() ([]byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(f.r, head[:]); err != nil {
		return nil, err // io.EOF between frames: the stream's normal end
	}
	n := binary.BigEndian.Uint32(head[1:])
	if n > maxRequestBytes {
		return nil, streamError(errTooBig)
	}
	data := make([]byte, n)
	if _, err := io.ReadFull(f.r, data); err != nil {
		return nil, io.ErrUnexpectedEOF
	}
	if head[0]&1 != 0 { // compressed
		var err error
		if data, err = inflate(data); err != nil {
			return nil, streamError(err)
		}
		head[0] &^= 1
		binary.BigEndian.PutUint32(head[1:], uint32(len(data)))
	}
	return append(head[:], data...), nil
}

func (f *inflatingFrames) Close() error { return f.r.Close() }

// streamError is how a body that fails mid-stream tells the service why.
// The stream's status is what the handler's Recv returns, and grpc-go makes
// that of a failed body read: an HTTP/2 stream error's code becomes a gRPC
// code (ENHANCE_YOUR_CALM is resource_exhausted), any other error
// unavailable, which would tell the client to try again. A message that is
// not gzip becomes internal, as grpc-go answers it to a native gRPC client.
func streamError(err error) error {
	code := http2.ErrCodeProtocol
	if errors.Is(err, errTooBig) {
		code = http2.ErrCodeEnhanceYourCalm
	}
	return http2.StreamError{Code: code, Cause: err}
}

// refuseInflate answers a message inflate refused.
func refuseInflate(w http.ResponseWriter, ct string, err error) {
	if errors.Is(err, errTooBig) {
		refuse(w, ct, connect.CodeResourceExhausted, err.Error())
		return
	}
	refuse(w, ct, connect.CodeInvalidArgument, err.Error())
}
