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
		{"only exercises the workshop has not", edit(func(r *Report) { r.Exercises[0].Name = "Hack"; r.Exercises[1].Name = "Hack2" }), http.StatusBadRequest, "no exercise of this report"},
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
			require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.9:5000", marshal(t, goodReport(0))).Code, "report %d of the burst", i)
		}
		rec := post(t, h, "10.0.0.9:5001", marshal(t, goodReport(1)))
		assert.Equal(t, http.StatusTooManyRequests, rec.Code)
		assert.Equal(t, "1", rec.Header().Get("Retry-After"))
		assert.Len(t, s.View().Rows, 1, "the flooded report is not stored")
		assert.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.10:5000", marshal(t, goodReport(99))).Code, "another address is not held up")
		c.t = c.t.Add(time.Second)
		assert.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.9:5000", marshal(t, goodReport(0))).Code, "a second later the address may report again")
	})

	t.Run("one address making up learners", func(t *testing.T) {
		s, c := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
		h := s.Handler()
		for i := range perAddress {
			c.t = c.t.Add(time.Second)
			require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.7:5000", marshal(t, goodReport(i))).Code)
		}
		c.t = c.t.Add(time.Second)
		rec := post(t, h, "10.0.0.7:5000", marshal(t, goodReport(perAddress)))
		assert.Equal(t, http.StatusTooManyRequests, rec.Code)
		assert.Contains(t, rec.Body.String(), "at most 4 learners")
		assert.Len(t, s.View().Rows, perAddress, "a room cannot be filled from one laptop")
	})

	t.Run("a clone with an exercise this room does not know", func(t *testing.T) {
		s, _ := newRoom(t, filepath.Join(t.TempDir(), "room.json"))
		r := goodReport(0)
		r.Exercises = append(r.Exercises, ExerciseState{Step: "02", Name: "Newer", State: "done"})
		assert.Equal(t, http.StatusNoContent, post(t, s.Handler(), "10.0.0.1:1", marshal(t, r)).Code)
		rows := s.View().Rows
		require.Len(t, rows, 1)
		assert.Equal(t, "done", rows[0].Cells[0].State, "the known exercises are kept")
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
	get := func(path, from, host string) int {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr, req.Host = from, host
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	for _, path := range []string{"/", "/state"} {
		assert.Equal(t, http.StatusForbidden, get(path, "10.0.0.5:4000", "192.0.2.2:7070"), "%s from a learner's laptop", path)
		assert.Equal(t, http.StatusForbidden, get(path, "127.0.0.1:4000", "evil.example:7070"), "%s through a rebound DNS name", path)
		assert.Equal(t, http.StatusOK, get(path, "127.0.0.1:4000", "127.0.0.1:7070"), path)
		assert.Equal(t, http.StatusOK, get(path, "127.0.0.1:4000", "localhost:7070"), path)
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

	// Moving on to another step: the left exercise stops counting.
	c.t = c.t.Add(11 * time.Minute)
	require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.1:1", marshal(t, other)).Code) // saved again, still failing
	require.True(t, s.View().Rows[0].Cells[1].Stuck)
	next := Report{Code: "ROOM42", Learner: id(0), Name: "Learner 0", Exercises: []ExerciseState{{Step: "01", Name: "Wire", State: "done"}}}
	c.t = c.t.Add(time.Minute)
	require.Equal(t, http.StatusNoContent, post(t, h, "10.0.0.1:1", marshal(t, next)).Code)
	c.t = c.t.Add(2 * time.Hour)
	cell = s.View().Rows[0].Cells[1]
	assert.False(t, cell.Stuck, "a learner who moved on is not stuck where they were")
	assert.InDelta(t, 11, cell.Minutes, 0.01, "the minutes stop at their last report of it")
}
