package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	pb "github.com/grpcvsrest/workshop/01-proto/ecommerce/v1"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// These tests guard the contract itself. They pass before you start.

// Field numbers are what goes on the wire, so they are the contract: changing
// one breaks every client already deployed. This test pins them.
func TestProductFieldNumbersAreStable(t *testing.T) {
	want := map[protoreflect.Name]protowire.Number{
		"id": 1, "name": 2, "description": 3, "price": 4, "category": 5,
		"stock_quantity": 6, "image_urls": 7, "status": 8, "created_at": 9,
	}
	fields := (&pb.Product{}).ProtoReflect().Descriptor().Fields()
	require.Equal(t, len(want), fields.Len(), "a field was added or removed: update this test on purpose")
	for name, num := range want {
		f := fields.ByName(name)
		require.NotNil(t, f, "field %s is gone", name)
		assert.Equal(t, num, f.Number(), "field %s was renumbered", name)
	}
}

// Adding a field is safe: a program built from the old .proto keeps the bytes
// of a field it does not know (field 10 here, from a "newer" sender) and
// passes them on when it writes the message again.
func TestUnknownFieldsSurvive(t *testing.T) {
	old := &pb.Product{Id: "prod-001"}
	b, err := proto.Marshal(old)
	require.NoError(t, err)
	b = protowire.AppendTag(b, 10, protowire.BytesType)
	b = protowire.AppendString(b, "a field from the future")

	var got pb.Product
	require.NoError(t, proto.Unmarshal(b, &got))
	assert.Equal(t, "prod-001", got.GetId())
	again, err := proto.Marshal(&got)
	require.NoError(t, err)
	assert.Equal(t, b, again, "the unknown field is kept, byte for byte")
}
