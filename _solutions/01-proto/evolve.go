package contract

import (
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// A stretch exercise: the rules of evolving a message, checked by a program
// (a tiny `buf breaking`).

// Breaking lists what changing a message from old to new breaks for clients
// still built from old, one problem per line, each starting "field N", in
// field-number order. None means the change is safe.
func Breaking(old, new protoreflect.MessageDescriptor) []string {
	var problems []string
	// Fields() lists fields in declaration order; walk the numbers in order
	// so the report is stable.
	for n := protoreflect.FieldNumber(1); n <= maxNumber(old, new); n++ {
		was, is := old.Fields().ByNumber(n), new.Fields().ByNumber(n)
		switch {
		case was != nil && is == nil && !new.ReservedRanges().Has(n):
			// Old clients still send n; a new field given n later would read
			// their bytes as something else.
			problems = append(problems, fmt.Sprintf("field %d (%s) was removed without reserving its number", n, was.Name()))
		case was != nil && is != nil && (was.Kind() != is.Kind() || was.IsList() != is.IsList() || was.IsMap() != is.IsMap()):
			problems = append(problems, fmt.Sprintf("field %d (%s) changed type from %s to %s", n, was.Name(), describe(was), describe(is)))
		case was != nil && is != nil && was.Name() != is.Name():
			// Safe on the wire (names are not sent), not in JSON, where the
			// name is the key: REST and browser clients break.
			problems = append(problems, fmt.Sprintf("field %d was renamed from %s to %s, which breaks JSON clients", n, was.Name(), is.Name()))
		case was == nil && is != nil && old.ReservedRanges().Has(n):
			problems = append(problems, fmt.Sprintf("field %d (%s) takes a number that was reserved", n, is.Name()))
		}
	}
	return problems
}

func maxNumber(msgs ...protoreflect.MessageDescriptor) protoreflect.FieldNumber {
	var top protoreflect.FieldNumber
	for _, m := range msgs {
		for i := range m.Fields().Len() {
			top = max(top, m.Fields().Get(i).Number())
		}
		for i := range m.ReservedRanges().Len() {
			top = max(top, m.ReservedRanges().Get(i)[1]-1) // ranges are [start, end)
		}
	}
	return top
}

func describe(f protoreflect.FieldDescriptor) string {
	if f.IsList() {
		return "repeated " + f.Kind().String()
	}
	return f.Kind().String()
}
