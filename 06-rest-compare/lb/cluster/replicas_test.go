package cluster

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/net/http2"

	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/limits"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The replicas cap what a connection may ask, as every gRPC server of the
// workshop does (internal/limits).
func TestReplicasSetLimits(t *testing.T) {
	replicas, stop, err := StartReplicas(1)
	require.NoError(t, err)
	defer stop()
	c := grpctest.DialH2(t, replicas[0].GRPCAddr)
	assert.EqualValues(t, limits.Streams, c.Settings[http2.SettingMaxConcurrentStreams])
	assert.EqualValues(t, limits.HeaderBytes, c.Settings[http2.SettingMaxHeaderListSize])
}
