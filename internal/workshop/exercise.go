package workshop

import (
	"slices"
	"strings"
)

// Exercise is one piece of a step the learner writes: a server RPC, an
// interceptor, a client. A step has core exercises (its idea, for everyone)
// and stretch ones (deeper, optional). Adding a stretch exercise is one entry
// here, its stub, its twin in _solutions/ and its tests.
type Exercise struct {
	Name    string   // unique in its step, e.g. "ListProducts"; `hint 03 ListAll` picks it
	Stretch bool     // optional, for fast learners; false is core
	Side    string   // "server" or "client": both sides of the wire are taught ("contract" in 01)
	Minutes int      // a fair time, reading included
	Files   []string // the files the learner edits, relative to the root; twins live in _solutions/
	Failing []string // the top-level tests that fail on these stubs (the rest solved), and only those
	Hints   []string // one per `hint` call: the idea first, then where to look, code last
	Guards  []string // tests that pass on the stub too, but fail for a wrong solution of this exercise
	Uses    []string // exercises of the step whose code these tests run (a client's tests call your server)
	// Diagnoses name the known mistakes by the failures they cause
	// (diagnoses.go), so `test` and `watch` can say what was misunderstood.
	Diagnoses []Diagnosis
}

// Kind is "core" or "stretch".
func (e Exercise) Kind() string {
	if e.Stretch {
		return "stretch"
	}
	return "core"
}

// Files lists every exercise file of the step, in registry order.
func (s Step) Files() []string {
	var files []string
	for _, e := range s.Exercises {
		files = append(files, e.Files...)
	}
	return files
}

// Minutes is how long the core (or the stretch) exercises take together.
func (s Step) Minutes(stretch bool) int {
	n := 0
	for _, e := range s.Exercises {
		if e.Stretch == stretch {
			n += e.Minutes
		}
	}
	return n
}

// Exercise finds one by name, ignoring case.
func (s Step) Exercise(name string) (Exercise, bool) {
	i := slices.IndexFunc(s.Exercises, func(e Exercise) bool { return strings.EqualFold(e.Name, name) })
	if i < 0 {
		return Exercise{}, false
	}
	return s.Exercises[i], true
}

// FailingOnStub is what may fail when ex is a stub and the rest is solved:
// its own tests, and those of every exercise that uses it.
func (s Step) FailingOnStub(ex Exercise) []string {
	want := slices.Clone(ex.Failing)
	for _, e := range s.Exercises {
		if slices.ContainsFunc(e.Uses, func(n string) bool { return strings.EqualFold(n, ex.Name) }) {
			want = append(want, e.Failing...)
			want = append(want, e.Guards...)
		}
	}
	return want
}

// Done says whether an exercise passes in a run of its step's tests: its
// own tests and its guards (which catch a wrong solution, not a stub) each
// ran and passed (or skipped itself). A test that never ran (a panic ended
// the run first) is not a pass.
func (e Exercise) Done(res Result) bool {
	if len(res.Problems) > 0 || len(e.failed(res)) > 0 {
		return false
	}
	for _, name := range append(slices.Clone(e.Failing), e.Guards...) {
		if !slices.Contains(res.Passed, name) && !slices.Contains(res.Skipped, name) {
			return false
		}
	}
	return true
}

// failed lists the exercise's tests that failed in res, in registry order
// (teaching order): its own, then its guards.
func (e Exercise) failed(res Result) []string {
	var names []string
	for _, name := range append(slices.Clone(e.Failing), e.Guards...) {
		if _, failed := res.Failed[name]; failed {
			names = append(names, name)
		}
	}
	return names
}
