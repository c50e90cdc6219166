// Package room is the speaker's live view of a workshop room: learners'
// workshop commands report their exercises' states (opt-in), and a page on
// the speaker's laptop shows who is done, who is failing what, for how long,
// and what the whole room is stuck on. Standard library only, state in one
// file, bounded in every dimension: it runs on a conference LAN.
package room

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Column is one exercise of the registry, as the page shows it.
type Column struct {
	Step    string `json:"step"`
	Name    string `json:"name"`
	Stretch bool   `json:"stretch"`
	Hint    string `json:"hint"` // the first hint: said to the room when many are stuck
}

func (c Column) key() string { return c.Step + "/" + c.Name }

// Report is what a learner's workshop command sends: who, and the state of
// the exercises it just ran. Never code, paths or environment.
type Report struct {
	Code      string          `json:"code"`
	Learner   string          `json:"learner"` // a random id the learner's clone keeps: only it can change its row
	Name      string          `json:"name"`
	Exercises []ExerciseState `json:"exercises"`
}

// ExerciseState is one exercise as the learner's last run saw it.
type ExerciseState struct {
	Step      string   `json:"step"`
	Name      string   `json:"name"`
	State     string   `json:"state"`             // "done", "failing" or "todo" (the stub untouched)
	Failing   []string `json:"failing,omitempty"` // the failing tests, in teaching order
	Diagnosis string   `json:"diagnosis,omitempty"`
}

// The limits of what anyone on the LAN can make the room hold.
const (
	MaxReportBytes = 32 << 10 // one report: a step's exercises, test names, a diagnosis each
	MaxLearners    = 200
	perAddress     = 4 // learners one address may report for: a laptop, maybe a pair sharing one
	maxNameRunes   = 40
	maxFailing     = 30
	maxTestName    = 120
	maxDiagnosis   = 400
	perSecond      = 2  // reports per second a client address may send, on average
	burst          = 10 // and at once
)

var (
	learnerID = regexp.MustCompile(`^[0-9a-f]{32}$`)
	testName  = regexp.MustCompile(`^[A-Za-z0-9_/.#:,=-]+$`)
)

// cell is one learner's exercise.
type cell struct {
	State     string    `json:"state"`
	Failing   []string  `json:"failing,omitempty"`
	Diagnosis string    `json:"diagnosis,omitempty"`
	Since     time.Time `json:"since"`    // when this state and first failing test began
	Reported  time.Time `json:"reported"` // the last report that held it
}

type learner struct {
	Name  string           `json:"name"`
	Seen  time.Time        `json:"seen"`
	Cells map[string]*cell `json:"cells"`
}

// Server holds the room. Its handler takes reports from anyone who knows
// the code and shows the room to the speaker's own machine only.
type Server struct {
	Code  string
	Stuck time.Duration // the same failing test for longer than this is "stuck"
	Now   func() time.Time

	cols     []Column
	file     string
	mu       sync.Mutex
	learners map[string]*learner        // by learner id
	buckets  map[string]*bucket         // by client address
	byAddr   map[string]map[string]bool // client address -> the learner ids it added
	saved    time.Time
	dirty    bool
	saveErr  string // the last failed save, for the speaker's page
}

// New makes a room for cols, keeping its state in file (loaded if there).
func New(code string, cols []Column, file string, stuck time.Duration) (*Server, error) {
	s := &Server{Code: code, Stuck: stuck, Now: time.Now, cols: cols, file: file,
		learners: map[string]*learner{}, buckets: map[string]*bucket{}, byAddr: map[string]map[string]bool{}}
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := json.Unmarshal(b, &s.learners); err != nil {
			return nil, fmt.Errorf("room state %s: %w (remove it to start an empty room)", file, err)
		}
	}
	return s, nil
}

// Handler serves POST /report, and / and /state to loopback only.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /report", s.report)
	mux.HandleFunc("GET /state", s.speakerOnly(s.state))
	mux.HandleFunc("GET /{$}", s.speakerOnly(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
		_, _ = w.Write([]byte(page))
	}))
	return mux
}

// speakerOnly keeps the room's names and states on the speaker's laptop:
// the learners on the LAN only send. The Host header must name loopback
// too, so a web page in the speaker's browser cannot read the room through
// a DNS name it rebinds to 127.0.0.1.
func (s *Server) speakerOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.RemoteAddr)
		name, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			name = r.Host
		}
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() || name != "localhost" && !isLoopback(name) {
			http.Error(w, "the room's page is for the speaker's own machine (http://127.0.0.1:PORT/)", http.StatusForbidden)
			return
		}
		h(w, r)
	}
}

func isLoopback(host string) bool {
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	if !s.allow(host) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, "too many reports from this address: at most 2 a second", http.StatusTooManyRequests)
		return
	}
	var rep Report
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxReportBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, fmt.Sprintf("a report is at most %d bytes", MaxReportBytes), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "the report is not valid JSON: "+err.Error(), http.StatusBadRequest)
		return
	}
	if rep.Code != s.Code {
		http.Error(w, "wrong room code: ask the speaker for the one on the slide", http.StatusForbidden)
		return
	}
	if err := s.check(&rep); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if status, err := s.apply(host, rep); err != nil {
		http.Error(w, err.Error(), status)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// check refuses anything the page should not show; nothing is stored
// unless all of it is sound.
func (s *Server) check(rep *Report) error {
	if !learnerID.MatchString(rep.Learner) {
		return errors.New("learner must be 32 lower-case hex digits (the workshop makes one per clone)")
	}
	rep.Name = strings.TrimSpace(rep.Name)
	if n := utf8.RuneCountInString(rep.Name); n == 0 || n > maxNameRunes {
		return fmt.Errorf("name must be 1 to %d characters", maxNameRunes)
	}
	for _, r := range rep.Name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune(" -_.'", r) {
			return fmt.Errorf("name may hold letters, digits, spaces and - _ . ' only, not %q", r)
		}
	}
	if len(rep.Exercises) == 0 || len(rep.Exercises) > maxFailing+len(s.cols) {
		return fmt.Errorf("a report has 1 to %d exercises", len(s.cols))
	}
	// A learner's clone may be newer than the speaker's, with an exercise
	// this room does not know: those are left out, the rest is kept.
	known := rep.Exercises[:0:0]
	for _, e := range rep.Exercises {
		if slices.ContainsFunc(s.cols, func(c Column) bool { return c.Step == e.Step && c.Name == e.Name }) {
			known = append(known, e)
		}
	}
	if len(known) == 0 {
		return fmt.Errorf("no exercise of this report is in this workshop (the first: %s %q)", rep.Exercises[0].Step, rep.Exercises[0].Name)
	}
	rep.Exercises = known
	for _, e := range rep.Exercises {
		if e.State != "done" && e.State != "failing" && e.State != "todo" {
			return fmt.Errorf("%s %s: state is done, failing or todo", e.Step, e.Name)
		}
		if len(e.Failing) > maxFailing {
			return fmt.Errorf("%s %s: at most %d failing tests", e.Step, e.Name, maxFailing)
		}
		for _, t := range e.Failing {
			if len(t) > maxTestName || !testName.MatchString(t) {
				return fmt.Errorf("%s %s: %q is not a test name", e.Step, e.Name, t)
			}
		}
		if utf8.RuneCountInString(e.Diagnosis) > maxDiagnosis || strings.ContainsFunc(e.Diagnosis, unicode.IsControl) {
			return fmt.Errorf("%s %s: a diagnosis is one line of at most %d characters", e.Step, e.Name, maxDiagnosis)
		}
	}
	return nil
}

func (s *Server) apply(addr string, rep Report) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	l := s.learners[rep.Learner]
	if l == nil {
		if len(s.learners) >= MaxLearners {
			return http.StatusServiceUnavailable, fmt.Errorf("the room is full (%d learners)", MaxLearners)
		}
		// One address cannot fill the room with made-up learners.
		if len(s.byAddr[addr]) >= perAddress {
			return http.StatusTooManyRequests, fmt.Errorf("one address reports for at most %d learners", perAddress)
		}
		if s.byAddr[addr] == nil {
			s.byAddr[addr] = map[string]bool{}
		}
		s.byAddr[addr][rep.Learner] = true
		l = &learner{Cells: map[string]*cell{}}
		s.learners[rep.Learner] = l
	}
	l.Name, l.Seen = rep.Name, now
	for _, e := range rep.Exercises {
		key := e.Step + "/" + e.Name
		old := l.Cells[key]
		c := &cell{State: e.State, Failing: e.Failing, Diagnosis: e.Diagnosis, Since: now, Reported: now}
		// The clock runs while the same first test keeps failing.
		if old != nil && old.State == c.State && first(old.Failing) == first(c.Failing) {
			c.Since = old.Since
		}
		l.Cells[key] = c
	}
	s.dirty = true
	if now.Sub(s.saved) >= time.Second {
		// A failed save is the speaker's to fix (the page says so); the
		// report is held in memory and the learner is not told a path.
		if err := s.saveLocked(); err != nil {
			s.saveErr = err.Error()
		} else {
			s.saveErr = ""
		}
	}
	return 0, nil
}

func first(tests []string) string {
	if len(tests) == 0 {
		return ""
	}
	return tests[0]
}

// Save writes the room to its file (a new file, then a rename: a crash
// mid-write keeps the old one).
func (s *Server) Save() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saveLocked()
}

func (s *Server) saveLocked() error {
	if !s.dirty {
		return nil
	}
	b, err := json.Marshal(s.learners)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(s.file), 0o755); err != nil {
		return err
	}
	tmp := s.file + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.file); err != nil {
		return err
	}
	s.saved, s.dirty = s.Now(), false
	return nil
}

// bucket is a token bucket per client address: a flood from one laptop
// cannot crowd out the others.
type bucket struct {
	tokens float64
	at     time.Time
}

func (s *Server) allow(addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	b := s.buckets[addr]
	if b == nil {
		if len(s.buckets) >= 4*MaxLearners {
			// Bounded: a bucket idle long enough to be full again says
			// nothing; forget those. If none is, refuse new addresses.
			for a, old := range s.buckets {
				if now.Sub(old.at).Seconds()*perSecond >= burst {
					delete(s.buckets, a)
				}
			}
			if len(s.buckets) >= 4*MaxLearners {
				return false
			}
		}
		b = &bucket{tokens: burst, at: now}
		s.buckets[addr] = b
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.at).Seconds()*perSecond)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// View is what the page draws: a row per learner, a column per exercise,
// and per exercise what the room as a whole is failing.
type View struct {
	Columns   []Column  `json:"columns"`
	Rows      []Row     `json:"rows"`
	Summary   []Summary `json:"summary"` // one per column
	StuckMin  float64   `json:"stuckMinutes"`
	SaveError string    `json:"saveError,omitempty"` // the state file could not be written
}

// Row is one learner.
type Row struct {
	Name  string    `json:"name"`
	Seen  time.Time `json:"seen"`
	Cells []Cell    `json:"cells"` // in Columns' order
}

// Cell is one learner's exercise, as drawn.
type Cell struct {
	State   string  `json:"state"` // "", "done", "failing", "todo"
	Test    string  `json:"test,omitempty"`
	Minutes float64 `json:"minutes,omitempty"` // failing the same test for this long
	Stuck   bool    `json:"stuck,omitempty"`
}

// Summary is one exercise across the room.
type Summary struct {
	Done        int    `json:"done"`
	Failing     int    `json:"failing"`
	Stuck       int    `json:"stuck"`
	MostFailing string `json:"mostFailing,omitempty"` // the test failing for most learners
	Count       int    `json:"count,omitempty"`       // how many
	Say         string `json:"say,omitempty"`         // its most common diagnosis, or the first hint
}

// View is the room now.
func (s *Server) View() View {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	v := View{Columns: s.cols, StuckMin: s.Stuck.Minutes(), SaveError: s.saveErr}
	type tally struct {
		tests       map[string]int
		diagnosesOf map[string]map[string]int
	}
	tallies := make([]tally, len(s.cols))
	for i := range tallies {
		tallies[i] = tally{tests: map[string]int{}, diagnosesOf: map[string]map[string]int{}}
	}
	v.Summary = make([]Summary, len(s.cols))
	ids := make([]string, 0, len(s.learners))
	for id := range s.learners {
		ids = append(ids, id)
	}
	// By name, then by id: two learners of one name keep their order.
	sort.Slice(ids, func(i, j int) bool {
		a, b := s.learners[ids[i]], s.learners[ids[j]]
		return a.Name < b.Name || a.Name == b.Name && ids[i] < ids[j]
	})
	for _, id := range ids {
		l := s.learners[id]
		row := Row{Name: l.Name, Seen: l.Seen, Cells: make([]Cell, len(s.cols))}
		for i, col := range s.cols {
			c := l.Cells[col.key()]
			if c == nil {
				continue
			}
			row.Cells[i] = Cell{State: c.State}
			switch c.State {
			case "done":
				v.Summary[i].Done++
			case "failing":
				v.Summary[i].Failing++
				t := first(c.Failing)
				row.Cells[i].Test = t
				// The clock runs only while the learner is still on it: a
				// cell their last report did not hold (they moved to
				// another step) stops where they left it.
				until := now
				if !c.Reported.Equal(l.Seen) {
					until = c.Reported
				}
				row.Cells[i].Minutes = until.Sub(c.Since).Minutes()
				if t != "" && until.Equal(now) && now.Sub(c.Since) > s.Stuck {
					row.Cells[i].Stuck = true
					v.Summary[i].Stuck++
				}
				if t != "" {
					tallies[i].tests[t]++
					if tallies[i].diagnosesOf[t] == nil {
						tallies[i].diagnosesOf[t] = map[string]int{}
					}
					if c.Diagnosis != "" {
						tallies[i].diagnosesOf[t][c.Diagnosis]++
					}
				}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	for i, t := range tallies {
		test, n := most(t.tests)
		if n == 0 {
			continue
		}
		v.Summary[i].MostFailing, v.Summary[i].Count = test, n
		if say, k := most(t.diagnosesOf[test]); k > 0 {
			v.Summary[i].Say = say
		} else {
			v.Summary[i].Say = s.cols[i].Hint
		}
	}
	return v
}

// most is the key with the highest count (the first by name on a tie).
func most(m map[string]int) (string, int) {
	best, n := "", 0
	for k, c := range m {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	return best, n
}

func (s *Server) state(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(s.View())
}
