package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"chargeback/infra/local"
	"chargeback/internal/outbox"
)

// EventsResult is what the run measured of the outbox: the table's stream
// read by the reader and consumer `make run` uses, into the local bus.
type EventsResult struct {
	// Awaited is the changes the API answered (creates and fulfils) whose
	// event the run waited for; Missing those whose event never came
	// within the bound.
	Awaited, Missing int
	// Lag is from the API's answer (the change was committed before it) to
	// the event's arrival on the local bus.
	Lag Summary
	// Published is every event the bus accepted during the run (the raw
	// twins' changes too), Repeats how many of them repeated an event id.
	Published, Repeats int
	// Drained is a backlog (the whole stream, read again from its start by
	// a second reader) and Drain how long the consumer took to publish it.
	Drained int
	Drain   time.Duration
}

// Rate is the events per second the consumer sustained on the backlog.
func (e EventsResult) Rate() float64 {
	if e.Drain <= 0 {
		return 0
	}
	return float64(e.Drained) / e.Drain.Seconds()
}

// eventBound bounds the wait for an event after the run: far beyond the
// 2 seconds they take.
const eventBound = 60 * time.Second

// eventWatch reads the stack's stream into a local bus and keeps when the
// API answered each change the run waits for.
type eventWatch struct {
	st   *stack
	arn  string
	bus  *local.Bus
	stop func()

	mu       sync.Mutex
	answered map[string]time.Time // "request id event type" → when the API answered
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// watchEvents starts reading the stack's stream from its start.
func watchEvents(ctx context.Context, st *stack) (*eventWatch, error) {
	arn, err := local.StreamARN(ctx, st.client, st.table)
	if err != nil {
		return nil, err
	}
	w := &eventWatch{st: st, arn: arn, answered: map[string]time.Time{}}
	w.bus, w.stop = w.read(ctx)
	return w, nil
}

// read starts a reader of the whole stream into a new bus; stop ends it.
func (w *eventWatch) read(ctx context.Context) (*local.Bus, func()) {
	bus := local.NewBus(1<<30, "", quietLog)
	cps, _ := local.OpenCheckpoints("")
	consumer := &outbox.Consumer{Bus: bus, BusName: "chargeback-load", Log: quietLog}
	reader := &local.StreamReader{Client: local.NewStreamsClient(w.st.endpoint), StreamARN: w.arn, Handle: consumer.Handle, Checkpoints: cps, Log: quietLog}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { reader.Run(ctx) })
	return bus, func() { cancel(); wg.Wait() }
}

// answer notes that the API answered the change that makes request id's
// event of type typ; a nil watch notes nothing.
func (w *eventWatch) answer(id, typ string) {
	if w == nil {
		return
	}
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.answered[id+" "+typ] = now
}

// measure waits (at most eventBound) for every answered change's event,
// then times a second reader publishing the whole stream again.
func (w *eventWatch) measure(ctx context.Context) EventsResult {
	w.mu.Lock()
	answered := w.answered
	w.mu.Unlock()
	deadline := time.Now().Add(eventBound)
	var arrived map[string]time.Time
	for {
		arrived = firstArrivals(w.bus)
		missing := 0
		for k := range answered {
			if _, ok := arrived[k]; !ok {
				missing++
			}
		}
		if missing == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	w.stop()
	res := EventsResult{Awaited: len(answered), Published: w.bus.Accepted()}
	var lags []time.Duration
	for k, at := range answered {
		got, ok := arrived[k]
		if !ok {
			res.Missing++
			continue
		}
		lags = append(lags, max(got.Sub(at), 0))
	}
	res.Lag = Summarize(lags)
	res.Repeats = res.Published - len(distinctIDs(w.bus))

	// The backlog: the whole stream again, as a reader that starts late
	// (or restarts without its checkpoints) meets it.
	want := len(distinctIDs(w.bus))
	start := time.Now()
	again, stop := w.read(ctx)
	for again.Accepted() < want && time.Since(start) < eventBound && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	res.Drain, res.Drained = time.Since(start), again.Accepted()
	stop()
	return res
}

// firstArrivals is when each request event first reached the bus, by
// "request id event type".
func firstArrivals(b *local.Bus) map[string]time.Time {
	out := map[string]time.Time{}
	for _, e := range b.Events() {
		var d struct {
			RequestID string `json:"request_id"`
		}
		if json.Unmarshal(e.Detail, &d) != nil || d.RequestID == "" {
			continue
		}
		k := d.RequestID + " " + e.DetailType
		if _, ok := out[k]; !ok {
			out[k] = e.Received
		}
	}
	return out
}

// distinctIDs is the event ids on the bus.
func distinctIDs(b *local.Bus) map[string]bool {
	out := map[string]bool{}
	for _, e := range b.Events() {
		var d struct {
			EventID string `json:"event_id"`
		}
		_ = json.Unmarshal(e.Detail, &d)
		out[d.EventID] = true
	}
	return out
}

// problems are the events the check counts as lost.
func (e EventsResult) problems() []string {
	if e.Missing == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d of %d changes never reached the local bus within %s", e.Missing, e.Awaited, eventBound)}
}
