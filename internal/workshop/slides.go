package workshop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/grpcvsrest/workshop/internal/deck"
)

// Slides serves the deck until ctx ends.
func (c *CLI) Slides(ctx context.Context, args []string) error {
	addr := "127.0.0.1:3999"
	if len(args) == 2 && args[0] == "--addr" {
		addr = args[1]
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: deck.Handler(c.Root), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(c.Out, "slides at http://%s/ (arrow keys; N opens the speaker's notes; edit slides/deck.md and reload)\n", lis.Addr())
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
