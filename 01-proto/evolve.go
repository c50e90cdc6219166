package contract

import (
	"google.golang.org/protobuf/reflect/protoreflect"
)

// A stretch exercise: the rules of evolving a message, checked by a program
// (a tiny `buf breaking`).

// Breaking lists what changing a message from old to new breaks for clients
// still built from old, one problem per line, each starting "field N", in
// field-number order. None means the change is safe.
//
// TODO(01): write it. See 01-proto/README.md#stretch-check-an-evolution
func Breaking(old, new protoreflect.MessageDescriptor) []string {
	return []string{"TODO(01): write Breaking in 01-proto/evolve.go -- see 01-proto/README.md#stretch-check-an-evolution"}
}
