package workshop

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSameTextIgnoresLineEndings(t *testing.T) {
	assert.True(t, sameText([]byte("a\nb\n"), []byte("a\r\nb\r\n")))
	assert.True(t, sameText([]byte("a\r\nb"), []byte("a\r\nb")))
	assert.False(t, sameText([]byte("a\nb\n"), []byte("a\nc\n")))
	assert.False(t, sameText([]byte("a\nb\n"), []byte("a\n\nb\n")))
}
