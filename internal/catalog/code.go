package catalog

import (
	"errors"
	"net/http"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Code is the gRPC status code for a store error. One table for every step,
// so the same mistake gets the same code everywhere.
func Code(err error) codes.Code {
	switch {
	case err == nil:
		return codes.OK
	case errors.Is(err, ErrInvalid):
		return codes.InvalidArgument
	case errors.Is(err, ErrNotFound):
		return codes.NotFound
	case errors.Is(err, ErrAlreadyExists):
		return codes.AlreadyExists
	case errors.Is(err, ErrPrecondition):
		return codes.FailedPrecondition
	}
	if s, ok := status.FromError(err); ok {
		return s.Code() // already a gRPC status
	}
	return codes.Internal
}

// Status turns an error into a gRPC status error with the same message. When
// the error names a field, the status carries a BadRequest detail a program
// can read (which field, what is wrong) besides the text for people.
func Status(err error) error {
	if err == nil {
		return nil
	}
	st := status.New(Code(err), err.Error())
	var e *Error
	if errors.As(err, &e) && e.Field != "" && e.Kind == ErrInvalid {
		withDetail, derr := st.WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: e.Field, Description: e.Reason}},
		})
		if derr == nil {
			st = withDetail
		}
	}
	return st.Err()
}

// HTTPStatus is the REST twin of Code.
func HTTPStatus(err error) int {
	switch Code(err) {
	case codes.OK:
		return http.StatusOK
	case codes.InvalidArgument:
		return http.StatusBadRequest
	case codes.NotFound:
		return http.StatusNotFound
	case codes.AlreadyExists:
		return http.StatusConflict
	case codes.FailedPrecondition:
		return http.StatusUnprocessableEntity
	}
	return http.StatusInternalServerError
}
