package workshop

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/grpcvsrest/workshop/internal/deck"
)

// Slides serves the deck until ctx ends.
func (c *CLI) Slides(ctx context.Context, args []string) error {
	addr, agenda := "127.0.0.1:3999", ""
	for len(args) >= 2 {
		switch args[0] {
		case "--addr":
			addr = args[1]
		case "--agenda":
			agenda = args[1]
		default:
			return fmt.Errorf("slides: unknown flag %s (--addr HOST:PORT, --agenda %s)", args[0], strings.Join(deck.Agendas, "|"))
		}
		args = args[2:]
	}
	if _, err := deck.ForAgenda(nil, agenda); err != nil {
		return err
	}
	query := ""
	if agenda != "" {
		query = "?agenda=" + agenda
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: deck.Handler(c.Root), ReadHeaderTimeout: 5 * time.Second}
	fmt.Fprintf(c.Out, "slides at http://%s/%s (arrow keys; N opens the speaker's notes; edit slides/deck.md and reload)\n", lis.Addr(), query)
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
