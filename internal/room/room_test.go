package room

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var cols = []Column{
	{Step: "01", Name: "Wire", Hint: "The idea: on the wire a message is only numbers and bytes."},
	{Step: "03", Name: "ListProducts", Hint: "The idea: one call streams one page."},
	{Step: "03", Name: "FindFirst", Stretch: true, Hint: "The idea: cancel."},
}

// clock is a test's time: it moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newRoom(t *testing.T, file string) (*Server, *clock) {
	t.Helper()
	s, err := New("ROOM42", cols, file, 10*time.Minute)
	require.NoError(t, err)
	c := &clock{t: time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)}
	s.Now = c.now
	return s, c
}

func id(n int) string { return fmt.Sprintf("%032x", n+1) }

func goodReport(n int) Report {
	return Report{Code: "ROOM42", Learner: id(n), Name: fmt.Sprintf("Learner %d", n), Exercises: []ExerciseState{
		{Step: "01", Name: "Wire", State: "done"},
		{Step: "03", Name: "ListProducts", State: "failing", Failing: []string{"TestListProductsPaginates"},
			Diagnosis: "next_page_token goes on a page's last message only."},
	}}
}

func post(t *testing.T, h http.Handler, from string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/report", bytes.NewReader(body))
	req.RemoteAddr = from
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func marshal(t *testing.T, r Report) []byte {
	b, err := json.Marshal(r)
	require.NoError(t, err)
	return b
}

// Every bad report gets its exact status and a reason, and the room holds
// nothing of it.
func TestBadReportsAreRefusedAndNothingIsStored(t *testing.T) {
	edit := func(f func(*Report)) []byte {
		r := goodReport(0)
		f(&r)
		return marshal(t, r)
	}
	cases := []struct {
		name   string
		body   []byte
		status int
		says   string
	}{
		{"wrong code", edit(func(r *Report) { r.Code = "ROOM43" }), http.StatusForbidden, "wrong room code"},
		{"no code", edit(func(r *Report) { r.Code = "" }), http.StatusForbidden, "wrong room code"},
		{"oversized", edit(func(r *Report) { r.Exercises[1].Diagnosis = strings.Repeat("x", MaxReportBytes) }), http.StatusRequestEntityTooLarge, "at most"},
		{"malformed", []byte(`{"code": "ROOM42", "learner": `), http.StatusBadRequest, "not valid JSON"},
		{"an unknown field", []byte(`{"code":"ROOM42","learner":"` + id(0) + `","name":"A","exercises":[],"path":"/home/me"}`), http.StatusBadRequest, "unknown field"},
		{"markup in a name", edit(func(r *Report) { r.Name = `<img src=x onerror=alert(1)>` }), http.StatusBadRequest, "letters, digits"},
		{"a name too long", edit(func(r *Report) { r.Name = strings.Repeat("a", 41) }), http.StatusBadRequest, "1 to 40"},
		{"no name", edit(func(r *Report) { r.Name = "  " }), http.StatusBadRequest, "1 to 40"},
		{"a learner id that is not one", edit(func(r *Report) { r.Learner = "../../etc" }), http.StatusBadRequest, "32 lower-case hex"},
		{"an exercise the workshop has not", edit(func(r *Report) { r.Exercises[0].Name = "Hack" }), http.StatusBadRequest, "no exercise"},
		{"a state that is not one", edit(func(r *Report) { r.Exercises[0].State = "<b>" }), http.StatusBadRequest, "done, failing or todo"},
		{"markup as a test name", edit(func(r *Report) { r.Exercises[1].Failing = []string{"<script>"} }), http.StatusBadRequest, "not a test name"},
		{"too many failing tests", edit(func(r *Report) { r.Exercises[1].Failing = make([]string, 31) }), http.StatusBadRequest, "at most 30"},
		{"a diagnosis of many lines", edit(func(r *Report) { r.Exercises[1].Diagnosis = "a\nb" }), http.StatusBadRequest, "one line"},
		{"no exercises", edit(func(r *Report) { r.Exercises = nil }), http.StatusBadRequest, "1 to 3 exercises"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
			rec := post(t, s.Handler(), "10.0.0.1:5000", tc.body)
			assert.Equal(t, tc.status, rec.Code, rec.Body.String())
			assert.Contains(t, rec.Body.String(), tc.says)
			assert.Empty(t, s.View().Rows, "nothing stored")
		})
	}

	t.Run("a flood from one address", func(t *testing.T) {
		s, c := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
		h := s.Handler()
		for i := range burst {
			require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.9:5000", marshal(t, goodReport(i))).Code, "report %d of the burst", i)
		}
		rec := post(t, h, "10.0.0.9:5001", marshal(t, goodReport(burst)))
		assert.Equal(t, http.StatusTooManyRequests, rec.Code)
		assert.Equal(t, "1", rec.Header().Get("Retry-After"))
		assert.Len(t, s.View().Rows, burst, "the flooded report is not stored")
		assert.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.10:5000", marshal(t, goodReport(99))).Code, "another address is not held up")
		c.t = c.t.Add(time.Second)
		assert.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.9:5000", marshal(t, goodReport(0))).Code, "a second later the address may report again")
	})

	t.Run("a full room", func(t *testing.T) {
		s, _ := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
		h := s.Handler()
		for i := range MaxLearners {
			require.Equal(t, http.StatusNoContent, post(t, h, fmt.Sprintf("10.1.%d.%d:5000", i/250, i%250), marshal(t, goodReport(i))).Code)
		}
		rec := post(t, h, "10.2.0.1:5000", marshal(t, goodReport(MaxLearners)))
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
		assert.Contains(t, rec.Body.String(), "the room is full")
		assert.Len(t, s.View().Rows, MaxLearners)
	})
}

// A learner's row changes only with its own id: a name is not a key, and
// the ids are 128 random bits the others never see.
func TestALearnerChangesOnlyItsOwnRow(t *testing.T) {
	s, _ := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
	h := s.Handler()
	a := goodReport(1)
	b := goodReport(2)
	b.Name = a.Name // the same name, another learner
	b.Exercises[0].State = "failing"
	b.Exercises[0].Failing = []string{"TestWireFields"}
	require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.1:1", marshal(t, a)).Code)
	require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.2:1", marshal(t, b)).Code)
	rows := s.View().Rows
	require.Len(t, rows, 2)
	states := []string{rows[0].Cells[0].State, rows[1].Cells[0].State}
	assert.ElementsMatch(t, []string{"done", "failing"}, states, "each row keeps its own learner's states")
}

// The page and the state are the speaker's: a learner's laptop gets 403.
func TestThePageIsForTheSpeakersMachine(t *testing.T) {
	s, _ := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
	for _, path := range []string{"/", "/state"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "10.0.0.5:4000"
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		assert.Equal(t, http.StatusForbidden, rec.Code, path)
		req.RemoteAddr = "127.0.0.1:4000"
		rec = httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		assert.Equal(t, http.StatusOK, rec.Code, path)
	}
}

// Stuck is the same first failing test for longer than Stuck; a new
// failure, or another test, starts the clock again.
func TestStuckIsTheSameFailureForLong(t *testing.T) {
	s, c := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
	h := s.Handler()
	require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.1:1", marshal(t, goodReport(0))).Code)
	c.t = c.t.Add(11 * time.Minute)
	cell := s.View().Rows[0].Cells[1]
	assert.True(t, cell.Stuck, "11 minutes on TestListProductsPaginates")
	assert.InDelta(t, 11, cell.Minutes, 0.01)

	other := goodReport(0)
	other.Exercises[1].Failing = []string{"TestListProductsFullLastPage"}
	require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.1:1", marshal(t, other)).Code)
	assert.False(t, s.View().Rows[0].Cells[1].Stuck, "a new failing test: progress, the clock starts again")
}
