package local

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"chargeback/internal/dynamo"
)

// slaWatchEvery is how often the local server runs the SLA watch (every
// five minutes in AWS): often enough that a test moving the fake clock
// sees the crossing soon after.
const slaWatchEvery = 10 * time.Second

// SLAWatch runs the slawatch function's work locally, against the
// server's clock (the fake clock when set): every Every, and at once on
// POST /_local/slawatch.
type SLAWatch struct {
	Store *dynamo.Store
	Now   func() time.Time
	Every time.Duration
	Log   *slog.Logger
}

// Loop runs the watch every Every until ctx ends.
func (w *SLAWatch) Loop(ctx context.Context) {
	t := time.NewTicker(w.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _, _ = w.run(ctx)
		}
	}
}

// run records the crossings at the clock's now, logging the outcome as
// the Lambda function does, and returns that now.
func (w *SLAWatch) run(ctx context.Context) (time.Time, []dynamo.SLACrossing, error) {
	at := w.Now()
	recorded, err := w.Store.WatchSLAs(ctx, at)
	if err != nil {
		if ctx.Err() == nil {
			w.Log.ErrorContext(ctx, "sla watch", "at", at.Format(time.RFC3339), "recorded", len(recorded), "error", err.Error())
		}
		return at, recorded, err
	}
	if len(recorded) > 0 {
		w.Log.InfoContext(ctx, "sla watch", "at", at.Format(time.RFC3339), "recorded", len(recorded))
	}
	return at, recorded, nil
}

// ServeHTTP answers POST /_local/slawatch: it runs the watch now and
// answers the crossings it recorded, {"at": ..., "recorded":
// [{"request_id", "threshold"}]}.
func (w *SLAWatch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeProblem(rw, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	at, recorded, err := w.run(r.Context())
	if err != nil {
		writeProblem(rw, http.StatusServiceUnavailable, "unavailable", "the SLA watch failed; see the server's log")
		return
	}
	type crossing struct {
		RequestID string `json:"request_id"`
		Threshold int    `json:"threshold"`
	}
	out := []crossing{}
	for _, c := range recorded {
		out = append(out, crossing{c.RequestID, c.Threshold})
	}
	rw.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(rw).Encode(map[string]any{"at": at.Format(time.RFC3339), "recorded": out})
}
