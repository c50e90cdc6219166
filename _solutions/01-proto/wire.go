package contract

import (
	"fmt"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

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
func WireFields(b []byte) ([]Field, error) {
	var fields []Field
	for len(b) > 0 {
		// Every field starts with a tag: (number << 3) | wire type, as a varint.
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, status.Errorf(codes.InvalidArgument, "bad tag: %v", protowire.ParseError(n))
		}
		b = b[n:]
		// The wire type alone says how long the value is, so a reader can
		// skip fields it does not know: that is what makes adding fields safe.
		n = protowire.ConsumeFieldValue(num, typ, b)
		if n < 0 {
			return nil, status.Errorf(codes.InvalidArgument, "bad value of field %d: %v", num, protowire.ParseError(n))
		}
		b = b[n:]
		fields = append(fields, Field{Number: num, Type: typ})
	}
	return fields, nil
}

// CompareSizes encodes p both ways and reports the sizes.
func CompareSizes(p *pb.Product) (Sizes, error) {
	bin, err := proto.Marshal(p)
	if err != nil {
		return Sizes{}, status.Errorf(codes.Internal, "proto: %v", err)
	}
	js, err := protojson.Marshal(p)
	if err != nil {
		return Sizes{}, status.Errorf(codes.Internal, "json: %v", err)
	}
	return Sizes{Proto: len(bin), JSON: len(js)}, nil
}

// DescribeUpdate says in words what an update request asks for, e.g.
// `set price of prod-001 to 9.99`.
func DescribeUpdate(u *pb.ProductUpdateRequest) (string, error) {
	id := u.GetProductId()
	// A oneof is a Go interface; the type switch finds which field is set.
	switch v := u.GetUpdate().(type) {
	case *pb.ProductUpdateRequest_NewPrice:
		return fmt.Sprintf("set price of %s to %v", id, v.NewPrice), nil
	case *pb.ProductUpdateRequest_StockAdjustment:
		return fmt.Sprintf("adjust stock of %s by %+d", id, v.StockAdjustment), nil
	case *pb.ProductUpdateRequest_NewStatus:
		return fmt.Sprintf("set status of %s to %s", id, v.NewStatus), nil
	case nil:
		return "", status.Error(codes.InvalidArgument, "no update set: the oneof is empty")
	default: // a newer .proto added a case this code does not know yet
		return "", status.Errorf(codes.Unimplemented, "unknown update %T", v)
	}
}
