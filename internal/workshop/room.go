package workshop

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/grpcvsrest/workshop/internal/room"
)

// Join is how a learner's commands report to the speaker's room (opt-in):
// `watch --room URL --code CODE --name NAME`, or the environment variables
// WORKSHOP_ROOM, WORKSHOP_ROOM_CODE and WORKSHOP_NAME for every command.
type Join struct{ URL, Code, Name string }

func (c *CLI) join() *Join {
	if c.Join != nil {
		return c.Join
	}
	if u := os.Getenv("WORKSHOP_ROOM"); u != "" {
		return &Join{URL: u, Code: os.Getenv("WORKSHOP_ROOM_CODE"), Name: os.Getenv("WORKSHOP_NAME")}
	}
	return nil
}

// roomState is what `test` and `watch` say of an exercise: done, its stub
// untouched (todo), or failing, with the failing tests and the diagnosis.
// This, the name and the clone's random id are all a report holds: no code,
// no file contents, no paths, no environment.
func roomState(s Step, ex Exercise, res Result, done, untouched bool) room.ExerciseState {
	st := room.ExerciseState{Step: s.Num, Name: ex.Name, State: "done"}
	switch {
	case done:
	case untouched:
		st.State = "todo"
	default:
		st.State = "failing"
		st.Failing = ex.failed(res)
		for _, name := range st.Failing {
			if d := ex.DiagnoseShown(name, parseFailure(name, res.Failed[name]).Raw, res.Failed[name]); d != nil {
				st.Diagnosis = d.Says
				break
			}
		}
	}
	return st
}

// report sends the states to the room, if the learner joined one. A room
// that does not answer costs one line, never the learner's run.
func (c *CLI) report(ctx context.Context, states []room.ExerciseState) {
	j := c.join()
	if j == nil || len(states) == 0 {
		return
	}
	id, err := c.learnerID()
	if err == nil {
		err = sendReport(ctx, j, room.Report{Code: j.Code, Learner: id, Name: j.Name, Exercises: states})
	}
	if err != nil {
		fmt.Fprintf(c.Out, "room: not reported (%v)\n", err)
		return
	}
	fmt.Fprintf(c.Out, "room: reported to %s as %q\n", j.URL, j.Name)
}

func sendReport(ctx context.Context, j *Join, rep room.Report) error {
	body, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(j.URL, "/")+"/report", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return fmt.Errorf("%s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// learnerID is this clone's random id, made once: only it can change this
// learner's row, and it says nothing about the machine.
func (c *CLI) learnerID() (string, error) {
	file := filepath.Join(c.Root, ".workshop", "room-learner")
	if b, err := os.ReadFile(file); err == nil && learnerIDShape.Match(bytes.TrimSpace(b)) {
		return string(bytes.TrimSpace(b)), nil
	}
	id := randomHex(16)
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	return id, os.WriteFile(file, []byte(id+"\n"), 0o644)
}

var learnerIDShape = regexp.MustCompile(`^[0-9a-f]{32}$`) // what the room accepts

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand does not fail (Go 1.24+)
	return hex.EncodeToString(b)
}

// Room runs the speaker's room until Ctrl-C: `room [-addr host:port]
// [-stuck 10m]`. The code and the state live in .workshop/, so a restart
// keeps both.
func (c *CLI) Room(ctx context.Context, args []string) error {
	flags := flag.NewFlagSet("room", flag.ContinueOnError)
	flags.SetOutput(c.Out)
	addr := flags.String("addr", ":7070", "where learners reach the room (all interfaces: the LAN)")
	stuck := flags.Duration("stuck", 10*time.Minute, "the same failing test for longer than this is stuck")
	if err := flags.Parse(args); err != nil {
		return err
	}
	dir := filepath.Join(c.Root, ".workshop")
	code, err := roomCode(filepath.Join(dir, "room-code"))
	if err != nil {
		return err
	}
	var cols []room.Column
	for _, s := range c.Steps {
		for _, ex := range s.Exercises {
			hint := ""
			if len(ex.Hints) > 0 {
				hint = ex.Hints[0]
			}
			cols = append(cols, room.Column{Step: s.Num, Name: ex.Name, Stretch: ex.Stretch, Hint: hint})
		}
	}
	srv, err := room.New(code, cols, filepath.Join(dir, "room-state.json"), *stuck)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("room: %w (another port: -addr :7071)", err)
	}
	port := lis.Addr().(*net.TCPAddr).Port
	// Every connection is bounded in time too: a report is one small POST.
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: time.Minute, MaxHeaderBytes: 16 << 10}
	fmt.Fprintf(c.Out, "The room: http://127.0.0.1:%d/ (this machine only; put it on the projector)\n", port)
	fmt.Fprintf(c.Out, "Room code: %s\n\nLearners join with (one line on the slide):\n", code)
	hosts := lanAddrs()
	if ip := lis.Addr().(*net.TCPAddr).IP; ip.IsLoopback() {
		hosts = []string{ip.String()} // -addr 127.0.0.1:...: this machine only (a rehearsal)
	}
	for _, ip := range hosts {
		fmt.Fprintf(c.Out, "  go run ./cmd/workshop watch --room http://%s:%d --code %s --name \"Your Name\"\n", ip, port, code)
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	go func() { <-ctx.Done(); _ = hs.Close() }()
	err = hs.Serve(lis)
	if saveErr := srv.Save(); saveErr != nil {
		return saveErr
	}
	if errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(c.Out, "room: stopped; its state is kept in .workshop/room-state.json")
		return nil
	}
	return err
}

// roomCode is the room's code, made once: six letters a room can read off a
// slide (no 0/O or 1/I to confuse).
func roomCode(file string) (string, error) {
	if b, err := os.ReadFile(file); err == nil && len(bytes.TrimSpace(b)) == 6 {
		return string(bytes.TrimSpace(b)), nil
	}
	const letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return "", err
	}
	return string(b), os.WriteFile(file, b, 0o600)
}

// lanAddrs are this machine's IPv4 addresses a learner's laptop can reach.
func lanAddrs() []string {
	var out []string
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
			out = append(out, n.IP.String())
		}
	}
	if len(out) == 0 {
		out = []string{"THIS-MACHINE"}
	}
	return out
}
