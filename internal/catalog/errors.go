package catalog

import (
	"errors"
	"fmt"
)

// The kinds of failure the store reports. Steps turn them into a gRPC status
// or an HTTP status (see Code), so every API gives the same answer for the
// same mistake.
var (
	ErrInvalid       = errors.New("invalid")        // the input breaks a rule
	ErrNotFound      = errors.New("not found")      // no product with that id
	ErrAlreadyExists = errors.New("already exists") // the id is taken
	ErrPrecondition  = errors.New("precondition")   // valid input, but not in this state (e.g. stock < 0)
)

// Error says which rule a product broke. errors.Is(err, ErrInvalid) etc. holds.
type Error struct {
	Kind   error  // one of the Err* values above
	Field  string // the field at fault, e.g. "price"; may be empty
	Reason string // for people, e.g. "must be >= 0"
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return fmt.Sprintf("%s %s", e.Field, e.Reason)
}

func (e *Error) Unwrap() error { return e.Kind }

// Invalid is an ErrInvalid for field: the caller's mistake, InvalidArgument
// (with a BadRequest detail naming the field) through Status, 400 over REST.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: ErrInvalid, Field: field, Reason: fmt.Sprintf(format, args...)}
}
