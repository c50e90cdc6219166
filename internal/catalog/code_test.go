package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHTTPStatus(t *testing.T) {
	assert.Equal(t, 400, HTTPStatus(ErrInvalid))
	assert.Equal(t, 404, HTTPStatus(ErrNotFound))
	assert.Equal(t, 409, HTTPStatus(ErrAlreadyExists))
	assert.Equal(t, 422, HTTPStatus(ErrPrecondition))
	assert.Equal(t, 500, HTTPStatus(assert.AnError))
}
