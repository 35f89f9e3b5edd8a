package local

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// Clock is the local server's time. Unset, it is the wall clock; set through
// PUT /_local/clock, it stays at the set instant until set again, so tests
// are repeatable.
type Clock struct {
	mu  sync.Mutex
	set time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.set.IsZero() {
		return time.Now().UTC()
	}
	return c.set
}

// Set fixes the clock at t; the zero time returns it to the wall clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = t.UTC()
}

// ServeHTTP answers GET (read) and PUT (set) on /_local/clock.
func (c *Clock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodPut:
		var body struct {
			Now string `json:"now"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1024))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil {
			writeProblem(w, http.StatusBadRequest, "invalid", "body must be {\"now\": \"RFC 3339 time\"}")
			return
		}
		var t time.Time
		if body.Now != "" {
			parsed, err := time.Parse(time.RFC3339, body.Now)
			if err != nil {
				writeProblem(w, http.StatusBadRequest, "invalid", "now must be an RFC 3339 time, such as 2026-03-02T09:00:00Z")
				return
			}
			t = parsed
		}
		c.Set(t)
	default:
		writeProblem(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET or PUT")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"now": c.Now().Format(time.RFC3339)})
}
