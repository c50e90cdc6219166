package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// External measures both ways on both protocols, and its lean ops still
// fail on a wrong answer: a cheaper op must not be a blind one.
func TestExternalChecksEveryAnswer(t *testing.T) {
	g, r := startBoth(t)

	var out bytes.Buffer
	id := "load-0000007"
	require.NoError(t, External(context.Background(), &out, g.addr, r.addr, id, token, 1, 40*time.Millisecond))
	assert.Equal(t, 4, strings.Count(out.String(), "req/s"), out.String())
	assert.Contains(t, out.String(), "lean: min")

	gc, err := newGRPCClient(g.addr)
	require.NoError(t, err)
	defer gc.conn.Close()
	rc := newRESTClient(r.addr, false, workers)
	defer rc.http.CloseIdleConnections()
	ctx := context.Background()

	gc.id, gc.token = id, token
	rc.id, rc.token = id, token
	grpcOp, restOp := gc.leanGetProduct(), rc.leanGetProduct()
	for range 3 { // the kept request and answer work again
		require.NoError(t, grpcOp(ctx))
		require.NoError(t, restOp(ctx))
	}

	gc.id, rc.id = "no-such-product", "no-such-product"
	assert.Equal(t, codes.NotFound, status.Code(gc.leanGetProduct()(ctx)))
	assert.ErrorContains(t, rc.leanGetProduct()(ctx), "404")

	gc.id, gc.token = id, "wrong"
	rc.id, rc.token = id, "wrong"
	assert.Equal(t, codes.Unauthenticated, status.Code(gc.leanGetProduct()(ctx)))
	assert.ErrorContains(t, rc.leanGetProduct()(ctx), "401")
}
