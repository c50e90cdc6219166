package stage_test

import (
	"log/slog"
	"testing"

	"github.com/grpcvsrest/workshop/internal/catalog"
	"github.com/grpcvsrest/workshop/internal/grpctest"
	"github.com/grpcvsrest/workshop/internal/reference"
	"github.com/grpcvsrest/workshop/internal/stage"
)

// The servers of steps 03 to 07 cap what a connection may ask, as 02's does.
func TestServerSetsLimits(t *testing.T) {
	srv, _ := stage.NewServer(&reference.Service{Store: catalog.Seeded()}, stage.Config{Logger: slog.New(slog.DiscardHandler)})
	grpctest.AssertLimits(t, srv)
}
