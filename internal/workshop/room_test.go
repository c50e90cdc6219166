package workshop

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/grpcvsrest/workshop/internal/room"
)

// A learner who joined the room: each `test` run reports the step's
// exercises (a failing one with its test and diagnosis), and the report
// holds no path, no code and nothing of the machine.
func TestTestReportsToTheRoom(t *testing.T) {
	needTool(t, "go")
	needTool(t, "git")
	root := t.TempDir()
	writeFile(t, root, "go.mod", "module tiny\n\ngo 1.26\n")
	writeFile(t, root, "09-x/x.go", "package x\n\nfunc Answer() int { return 0 } // TODO(09)\n")
	writeFile(t, root, "09-x/x_test.go", "package x\n\nimport \"testing\"\n\nfunc TestAnswer(t *testing.T) {\n\tif Answer() != 42 {\n\t\tt.Errorf(\"Answer() = %d, want 42: the answer is 42\", Answer())\n\t}\n}\n")
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "git %v: %s", args, out)
	}
	writeFile(t, root, "09-x/x.go", "package x\n\nfunc Answer() int { return 41 }\n") // an attempt, off by one
	step := Step{Num: "09", Dir: "09-x", Exercises: []Exercise{{Name: "X", Side: "server", Files: []string{"09-x/x.go"},
		Failing: []string{"TestAnswer"}, Hints: []string{"idea"},
		Diagnoses: []Diagnosis{{Test: "TestAnswer", Match: "want 42", Says: "Off by one: count again.", See: "09-x/README.md#x"}}}}}

	srv, err := room.New("ROOM42", []room.Column{{Step: "09", Name: "X"}}, filepath.Join(t.TempDir(), "room.json"), time.Minute)
	require.NoError(t, err)
	var bodies []string
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		r.Body = io.NopCloser(bytes.NewReader(b))
		srv.Handler().ServeHTTP(w, r)
	}))
	defer web.Close()

	var out bytes.Buffer
	cli := &CLI{Root: root, Out: &out, Steps: []Step{step}, Join: &Join{URL: web.URL, Code: "ROOM42", Name: "Ada"}}
	assert.Error(t, cli.TestStep(context.Background(), step))
	assert.Contains(t, out.String(), "room: reported to "+web.URL)

	rows := srv.View().Rows
	require.Len(t, rows, 1)
	assert.Equal(t, "Ada", rows[0].Name)
	assert.Equal(t, "failing", rows[0].Cells[0].State)
	assert.Equal(t, "TestAnswer", rows[0].Cells[0].Test)
	require.Len(t, bodies, 1)
	assert.Contains(t, bodies[0], `"diagnosis":"Off by one: count again."`)
	for _, never := range []string{root, "x.go", "return 41", "GOPATH", "HOME"} {
		assert.NotContains(t, bodies[0], never, "a report holds no paths, code or environment")
	}

	// A wrong code: the learner is told once, and the run goes on.
	out.Reset()
	cli.Join.Code = "WRONG1"
	assert.Error(t, cli.TestStep(context.Background(), step))
	assert.Contains(t, out.String(), "room: not reported (403 Forbidden: wrong room code")
}

func TestWatchJoinsTheRoomOnlyWithAllThree(t *testing.T) {
	var out bytes.Buffer
	c := &CLI{Out: &out}
	rest, err := c.roomFlags([]string{"03", "--room", "http://10.0.0.1:7070", "--code", "ABC234", "--name", "Ada L"})
	require.NoError(t, err)
	assert.Equal(t, []string{"03"}, rest)
	assert.Equal(t, &Join{URL: "http://10.0.0.1:7070", Code: "ABC234", Name: "Ada L"}, c.Join)
	assert.Contains(t, out.String(), "Never code, files, paths or environment")
	_, err = (&CLI{Out: io.Discard}).roomFlags([]string{"--room", "http://10.0.0.1:7070"})
	assert.ErrorContains(t, err, "all three")
}
