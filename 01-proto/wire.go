package contract

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// Field is one field as it travels on the wire: its number from the .proto and
// how its bytes are laid out. The name is not sent: that is why renaming a
// field is safe and renumbering one is not.
type Field struct {
	Number protowire.Number
	Type   protowire.Type
}

// Sizes compares one message's encodings.
type Sizes struct {
	Proto int // bytes of proto.Marshal
	JSON  int // bytes of protojson.Marshal (the JSON the REST step sends)
}

// WireFields lists the fields in an encoded message, in the order they appear.
//
// TODO(01): write it. See 01-proto/README.md#exercise-1-read-the-wire
func WireFields(b []byte) ([]Field, error) {
	return nil, status.Error(codes.Unimplemented,
		"TODO(01): write WireFields in 01-proto/wire.go -- see 01-proto/README.md#exercise-1-read-the-wire")
}

// CompareSizes encodes p both ways and reports the sizes.
//
// TODO(01): write it. See 01-proto/README.md#exercise-2-proto-vs-json-size
func CompareSizes(p *pb.Product) (Sizes, error) {
	return Sizes{}, status.Error(codes.Unimplemented,
		"TODO(01): write CompareSizes in 01-proto/wire.go -- see 01-proto/README.md#exercise-2-proto-vs-json-size")
}

// DescribeUpdate says in words what an update request asks for, e.g.
// `set price of prod-001 to 9.99`.
//
// TODO(01): write it. See 01-proto/README.md#exercise-3-read-a-oneof
func DescribeUpdate(u *pb.ProductUpdateRequest) (string, error) {
	return "", status.Error(codes.Unimplemented,
		"TODO(01): write DescribeUpdate in 01-proto/wire.go -- see 01-proto/README.md#exercise-3-read-a-oneof")
}
