package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

// The tests for the stretch exercise in evolve.go. Each case is a message
// before and after a change, written as the .proto would say it.

const todoEvolve = "TODO(01): write Breaking in 01-proto/evolve.go -- see 01-proto/README.md#stretch-check-an-evolution"

type field struct {
	name     string
	number   int32
	kind     descriptorpb.FieldDescriptorProto_Type
	repeated bool
}

var (
	str  = descriptorpb.FieldDescriptorProto_TYPE_STRING
	dbl  = descriptorpb.FieldDescriptorProto_TYPE_DOUBLE
	i32  = descriptorpb.FieldDescriptorProto_TYPE_INT32
	item = []field{{"id", 1, str, false}, {"name", 2, str, false}, {"description", 3, str, false}, {"price", 4, dbl, false}, {"tags", 5, str, true}}
)

// message builds `message Item { ... reserved ...; }` as a descriptor.
func message(t *testing.T, fields []field, reserved ...int32) protoreflect.MessageDescriptor {
	t.Helper()
	m := &descriptorpb.DescriptorProto{Name: proto.String("Item")}
	for _, f := range fields {
		label := descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL
		if f.repeated {
			label = descriptorpb.FieldDescriptorProto_LABEL_REPEATED
		}
		m.Field = append(m.Field, &descriptorpb.FieldDescriptorProto{
			Name: proto.String(f.name), Number: proto.Int32(f.number), Type: f.kind.Enum(), Label: label.Enum(),
			JsonName: proto.String(f.name),
		})
	}
	for _, n := range reserved {
		m.ReservedRange = append(m.ReservedRange, &descriptorpb.DescriptorProto_ReservedRange{Start: proto.Int32(n), End: proto.Int32(n + 1)})
	}
	file, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name: proto.String("item.proto"), Package: proto.String("test.v1"), Syntax: proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{m},
	}, nil)
	require.NoError(t, err)
	return file.Messages().Get(0)
}

// with returns item with the field numbered n replaced (or removed if f is nil).
func with(n int32, f *field) []field {
	var out []field
	for _, x := range item {
		if x.number != n {
			out = append(out, x)
		} else if f != nil {
			out = append(out, *f)
		}
	}
	return out
}

func TestBreaking(t *testing.T) {
	cases := []struct {
		name     string
		new      []field
		reserved []int32
		want     []string // one substring per expected problem, in order; none means safe
	}{
		{"no change", item, nil, nil},
		{"a new field", append(append([]field{}, item...), field{"stock", 6, i32, false}), nil, nil},
		{"a field removed, its number reserved", with(3, nil), []int32{3}, nil},
		{"a field removed, its number free", with(3, nil), nil, []string{"field 3 (description)"}},
		{"a type changed", with(4, &field{"price", 4, str, false}), nil, []string{"field 4 (price)"}},
		{"a field made repeated", with(2, &field{"name", 2, str, true}), nil, []string{"field 2 (name)"}},
		{"a repeated field made single", with(5, &field{"tags", 5, str, false}), nil, []string{"field 5 (tags)"}},
		{"a field renamed", with(2, &field{"title", 2, str, false}), nil, []string{"field 2"}},
		{"two problems, in number order", with(4, &field{"price", 4, i32, false})[:2], nil, []string{"field 3", "field 4", "field 5"}},
	}
	old := message(t, item)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Breaking(old, message(t, tc.new, tc.reserved...))

			require.Len(t, got, len(tc.want), "%s\ngot: %q", todoEvolve, got)
			for i, w := range tc.want {
				assert.Contains(t, got[i], w, "problem %d of %q", i, got)
			}
		})
	}
}

// What each problem says, so a person can act on it.
func TestBreakingSaysWhy(t *testing.T) {
	old := message(t, item, 9)
	problem := func(new []field, reserved ...int32) string {
		got := Breaking(old, message(t, new, reserved...))
		require.Len(t, got, 1, "%s\ngot: %q", todoEvolve, got)
		return got[0]
	}
	assert.Contains(t, problem(with(3, nil), 9), "reserv", "removing a field without reserving its number")
	assert.Contains(t, problem(with(4, &field{"price", 4, str, false}), 9), "type", "a type change")
	assert.Contains(t, problem(with(2, &field{"title", 2, str, false}), 9), "JSON", "a rename is safe on the wire, not in JSON")
	assert.Contains(t, problem(append(append([]field{}, item...), field{"old", 9, str, false})), "reserved",
		"a new field on a reserved number")
}

func TestBreakingOnTheRealContract(t *testing.T) {
	product := (&pb.Product{}).ProtoReflect().Descriptor()
	assert.Empty(t, Breaking(product, product), todoEvolve)
}

// itemWith builds `message Item { <attrs> = 6; }` where attrs is either
// `map<string, string>` or `repeated Attr` with the same key and value
// fields: the bytes on the wire are the same, but the generated code, the
// JSON (an object, or a list of objects) and the field's type are not.
func itemWith(t *testing.T, asMap bool) protoreflect.MessageDescriptor {
	t.Helper()
	entry := "Attr"
	var opts *descriptorpb.MessageOptions
	if asMap {
		entry, opts = "AttrsEntry", &descriptorpb.MessageOptions{MapEntry: proto.Bool(true)}
	}
	kv := func(name string, n int32) *descriptorpb.FieldDescriptorProto {
		return &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(n), JsonName: proto.String(name),
			Type: str.Enum(), Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum()}
	}
	m := &descriptorpb.DescriptorProto{
		Name: proto.String("Item"),
		Field: []*descriptorpb.FieldDescriptorProto{{
			Name: proto.String("attrs"), Number: proto.Int32(6), JsonName: proto.String("attrs"),
			Type: descriptorpb.FieldDescriptorProto_TYPE_MESSAGE.Enum(), TypeName: proto.String(".test.v1.Item." + entry),
			Label: descriptorpb.FieldDescriptorProto_LABEL_REPEATED.Enum(),
		}},
		NestedType: []*descriptorpb.DescriptorProto{{Name: proto.String(entry), Field: []*descriptorpb.FieldDescriptorProto{kv("key", 1), kv("value", 2)}, Options: opts}},
	}
	file, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name: proto.String("item.proto"), Package: proto.String("test.v1"), Syntax: proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{m},
	}, nil)
	require.NoError(t, err)
	return file.Messages().Get(0)
}

// A map is not a repeated field of its entry type: both are "repeated" and
// both are messages, so Kind and Cardinality agree, yet JSON writes a map
// as an object and a list as an array, and the generated Go types differ.
func TestBreakingSeesAMapBecomeAList(t *testing.T) {
	asMap, asList := itemWith(t, true), itemWith(t, false)
	require.True(t, asMap.Fields().ByNumber(6).IsMap())
	require.Equal(t, asMap.Fields().ByNumber(6).Cardinality(), asList.Fields().ByNumber(6).Cardinality(), "the same cardinality: only IsMap tells them apart")
	for _, c := range []struct {
		name     string
		old, new protoreflect.MessageDescriptor
	}{{"a map made a list", asMap, asList}, {"a list made a map", asList, asMap}} {
		t.Run(c.name, func(t *testing.T) {
			got := Breaking(c.old, c.new)
			require.Len(t, got, 1, "%s\ngot: %q (a type change: compare IsMap and IsList, not only Kind and Cardinality)", todoEvolve, got)
			assert.Contains(t, got[0], "field 6 (attrs)")
		})
	}
}
