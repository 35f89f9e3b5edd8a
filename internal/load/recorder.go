package load

import (
	"sort"
	"sync"
	"time"
)

// recorder collects each operation's latencies and failures. It is safe
// for concurrent use.
type recorder struct {
	mu  sync.Mutex
	ops map[string]*opRecord
	// from is when measuring starts: a call that started earlier, in the
	// warm-up, is counted but its latency is not kept.
	from time.Time
}

// opRecord is what one operation recorded.
type opRecord struct {
	samples []time.Duration
	// warm counts the successful calls of the warm-up.
	warm int
	// failures counts failed calls by what went wrong: an HTTP status, or
	// "transport" for a call that got no answer.
	failures map[string]int
	// example is the first failure's detail, to show.
	example string
}

// newRecorder returns a recorder that keeps the latencies of calls
// started at from or later.
func newRecorder(from time.Time) *recorder {
	return &recorder{ops: map[string]*opRecord{}, from: from}
}

func (r *recorder) op(name string) *opRecord {
	rec := r.ops[name]
	if rec == nil {
		rec = &opRecord{failures: map[string]int{}}
		r.ops[name] = rec
	}
	return rec
}

// ok records a successful call of op that took d.
func (r *recorder) ok(op string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.op(op)
	if time.Now().Add(-d).Before(r.from) {
		rec.warm++
		return
	}
	rec.samples = append(rec.samples, d)
}

// fail records a failed call of op: what names the failure (a status or
// "transport"), detail says more.
func (r *recorder) fail(op, what, detail string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.op(op)
	rec.failures[what]++
	if rec.example == "" {
		rec.example = what + ": " + detail
	}
}

// OpStats is one operation's figures: its latency over the successful
// calls after the warm-up, and its failures.
type OpStats struct {
	Summary
	// Warm is the successful calls of the warm-up, not in Summary.
	Warm int
	// Errors is the number of failed calls.
	Errors int
	// Failures counts them by status ("503") or "transport".
	Failures map[string]int
	// Example is the first failure, with its detail.
	Example string
}

// stats returns op's figures.
func (r *recorder) stats(op string) OpStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.op(op)
	out := OpStats{Summary: Summarize(rec.samples), Warm: rec.warm, Failures: map[string]int{}, Example: rec.example}
	for k, n := range rec.failures {
		out.Failures[k] = n
		out.Errors += n
	}
	return out
}

// failureKeys lists a failure count's keys in order, for printing.
func failureKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
