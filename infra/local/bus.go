package local

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// BusEvent is one event the local bus accepted, as GET /_local/events
// lists it. ID is the bus's own id for the entry, new for every entry
// accepted, as EventBridge's envelope id is: a record the consumer sent
// twice shows twice, with one detail.event_id.
type BusEvent struct {
	ID         string          `json:"id"`
	Source     string          `json:"source"`
	DetailType string          `json:"detail_type"`
	Time       string          `json:"time"`
	Detail     json.RawMessage `json:"detail"`
	// Received is when the bus accepted it.
	Received time.Time `json:"-"`
}

// Bus stands in for the stack's EventBridge bus: it answers PutEvents as
// outbox.Consumer calls it, keeps the last Keep events in memory (GET
// /_local/events), and, when Webhook is set, posts each to it in order,
// as EventBridge delivers it to a target. A slow or failing webhook never
// holds up PutEvents, as in AWS.
type Bus struct {
	keep       int
	webhook    string
	client     *http.Client
	log        *slog.Logger
	deliveries chan BusEvent

	mu       sync.Mutex
	events   []BusEvent
	accepted int
}

// busQueue is how many events may wait for the webhook; past that, events
// are dropped from the webhook (and logged), never from the bus.
const busQueue = 1000

// NewBus returns a bus that keeps the last keep events and posts each to
// webhook ("" posts nothing) once Deliver runs.
func NewBus(keep int, webhook string, log *slog.Logger) *Bus {
	return &Bus{
		keep: keep, webhook: webhook, log: log,
		client:     &http.Client{Timeout: 5 * time.Second},
		deliveries: make(chan BusEvent, busQueue),
	}
}

// PutEvents accepts the entries as EventBridge does: at most 10 a call,
// each answered in order with its new id, or with an error code when it
// lacks a source or a detail type or its detail is not a JSON object.
func (b *Bus) PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, _ ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	if n := len(in.Entries); n == 0 || n > 10 {
		return nil, fmt.Errorf("ValidationException: %d entries; a call takes 1 to 10", n)
	}
	out := &eventbridge.PutEventsOutput{Entries: make([]types.PutEventsResultEntry, len(in.Entries))}
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, e := range in.Entries {
		var detail map[string]any
		if aws.ToString(e.Source) == "" || aws.ToString(e.DetailType) == "" || json.Unmarshal([]byte(aws.ToString(e.Detail)), &detail) != nil {
			out.FailedEntryCount++
			out.Entries[i] = types.PutEventsResultEntry{ErrorCode: aws.String("MalformedDetail"), ErrorMessage: aws.String("source, detail type and a JSON object detail are required")}
			continue
		}
		when := now
		if e.Time != nil {
			when = *e.Time
		}
		ev := BusEvent{
			ID: eventID(), Source: aws.ToString(e.Source), DetailType: aws.ToString(e.DetailType),
			Time: when.UTC().Format(time.RFC3339), Detail: json.RawMessage(aws.ToString(e.Detail)), Received: now,
		}
		b.events = append(b.events, ev)
		if len(b.events) > b.keep {
			b.events = b.events[len(b.events)-b.keep:]
		}
		b.accepted++
		out.Entries[i] = types.PutEventsResultEntry{EventId: aws.String(ev.ID)}
		if b.webhook != "" {
			select {
			case b.deliveries <- ev:
			default:
				b.log.WarnContext(ctx, "local bus: the webhook is behind; an event was not posted to it", "detail_type", ev.DetailType)
			}
		}
	}
	return out, nil
}

// Events returns the events kept, oldest first.
func (b *Bus) Events() []BusEvent {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]BusEvent(nil), b.events...)
}

// Accepted is how many events the bus accepted in all.
func (b *Bus) Accepted() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.accepted
}

// ServeHTTP answers GET /_local/events: {"items": [...]}, oldest first,
// only one department's with ?department=.
func (b *Bus) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeProblem(w, http.StatusMethodNotAllowed, "method_not_allowed", "use GET")
		return
	}
	dept := r.URL.Query().Get("department")
	items := []BusEvent{}
	for _, e := range b.Events() {
		var d struct {
			Department string `json:"department"`
		}
		if dept != "" && (json.Unmarshal(e.Detail, &d) != nil || d.Department != dept) {
			continue
		}
		items = append(items, e)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{"items": items})
}

// Deliver posts each accepted event to the webhook, in order, until ctx
// ends: the event as EventBridge hands it to a target (version, id,
// detail-type, source, time, detail). A post that fails is logged, not
// repeated.
func (b *Bus) Deliver(ctx context.Context) {
	if b.webhook == "" {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-b.deliveries:
			if err := b.post(ctx, ev); err != nil && ctx.Err() == nil {
				b.log.WarnContext(ctx, "local bus: posting to CHARGEBACK_LOCAL_WEBHOOK failed", "detail_type", ev.DetailType, "error", err.Error())
			}
		}
	}
}

func (b *Bus) post(ctx context.Context, ev BusEvent) error {
	body, err := json.Marshal(map[string]any{
		"version": "0", "id": ev.ID, "detail-type": ev.DetailType, "source": ev.Source,
		"account": "000000000000", "time": ev.Time, "region": "local", "resources": []string{}, "detail": ev.Detail,
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, b.webhook, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := b.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return fmt.Errorf("the webhook answered %s", res.Status)
	}
	return nil
}

// eventID is a new random id in EventBridge's form (a UUID).
func eventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
