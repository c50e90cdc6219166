package serve

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWaitListening(t *testing.T) {
	addrs, err := FreeAddrs(2)
	require.NoError(t, err)
	require.NotEqual(t, addrs[0], addrs[1], "addresses held together differ")

	l, err := net.Listen("tcp", addrs[0])
	require.NoError(t, err)
	defer l.Close()
	assert.NoError(t, WaitListening(context.Background(), make(chan error, 1), addrs[0]))

	// The program ended before it listened: say so at once, and give its
	// end back for Stop.
	exited := make(chan error, 1)
	exited <- errors.New("exit status 1")
	err = WaitListening(context.Background(), exited, addrs[1])
	assert.ErrorContains(t, err, "exited (exit status 1)")
	assert.Len(t, exited, 1)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorContains(t, WaitListening(ctx, make(chan error, 1), addrs[1]), "does not listen on "+addrs[1])
}
