package local

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/shopspring/decimal"

	"chargeback/internal/apitest"
	"chargeback/internal/billing"
	"chargeback/internal/dynamotest"
	"chargeback/internal/faulttest"
	"chargeback/internal/outbox"
)

// The proofs of the outbox on DynamoDB Local's stream: the reader and the
// consumer `make run` uses, over a table of the test's own, publishing to
// the local bus (through a fault layer where a test says so).

// waitBound bounds every wait for events: far beyond the 2 seconds they
// take, so that a busy CI machine never fails a test without a cause.
const waitBound = 60 * time.Second

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// outboxRig is an API over a fresh table with its stream read into a bus.
type outboxRig struct {
	e    *apitest.Env
	arn  string
	bus  *Bus
	stop func()
}

// newRig starts an API over a fresh table; readers are started with read.
func newRig(t *testing.T) *outboxRig {
	t.Helper()
	e := apitest.NewEnv(t)
	arn, err := StreamARN(context.Background(), e.Client, e.Table)
	if err != nil {
		t.Fatal(err)
	}
	return &outboxRig{e: e, arn: arn}
}

// read starts a stream reader from cps through the outbox consumer to a
// new local bus, behind wrap (nil: none), until stop or the test's end.
func (r *outboxRig) read(t *testing.T, cps *Checkpoints, wrap func(outbox.Bus) outbox.Bus) *Bus {
	t.Helper()
	bus := NewBus(100000, "", quiet)
	var pub outbox.Bus = bus
	if wrap != nil {
		pub = wrap(bus)
	}
	consumer := &outbox.Consumer{Bus: pub, BusName: localBusName, Backoff: time.Millisecond, Log: quiet}
	reader := &StreamReader{
		Client: NewStreamsClient(dynamotest.Endpoint(t)), StreamARN: r.arn, Handle: consumer.Handle,
		Checkpoints: cps, Idle: 20 * time.Millisecond, Retry: 20 * time.Millisecond, Log: quiet,
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { reader.Run(ctx) })
	r.bus, r.stop = bus, func() { cancel(); wg.Wait() }
	t.Cleanup(r.stop)
	return bus
}

// seen is an event as a consumer keeps it: its type and detail.
type seen struct {
	Type   string
	Detail map[string]any
}

func (s seen) id() string { return fmt.Sprint(s.Detail["event_id"]) }

// published lists what the bus accepted, in order.
func published(t *testing.T, b *Bus) []seen {
	t.Helper()
	var out []seen
	for _, e := range b.Events() {
		var d map[string]any
		if err := json.Unmarshal(e.Detail, &d); err != nil {
			t.Fatalf("detail of %s is not JSON: %v", e.DetailType, err)
		}
		out = append(out, seen{e.DetailType, d})
	}
	return out
}

// distinct is the events by id, the first of each.
func distinct(events []seen) map[string]seen {
	out := map[string]seen{}
	for _, e := range events {
		if _, ok := out[e.id()]; !ok {
			out[e.id()] = e
		}
	}
	return out
}

// waitFor polls the bus until done holds, for at most waitBound, and
// fails the test naming what it waited for and what it saw.
func waitFor(t *testing.T, b *Bus, what string, done func([]seen) bool) []seen {
	t.Helper()
	deadline := time.Now().Add(waitBound)
	for {
		got := published(t, b)
		if done(got) {
			return got
		}
		if time.Now().After(deadline) {
			var types []string
			for _, e := range got {
				types = append(types, e.Type)
			}
			t.Fatalf("waited %s for %s; the bus holds %d events: %v", waitBound, what, len(got), types)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle waits a moment more, so an event that should not come has had
// the time to come.
func settle() { time.Sleep(500 * time.Millisecond) }

// month is one run of the scripted month and the events it must make,
// each named by its request's part in the script rather than its id.
type month struct {
	names map[string]string // id → script name ("r1", "q1")
	want  map[string][]string
}

// name replaces the ids in an event id by their script names.
func (m *month) name(id string) string {
	for real, n := range m.names {
		id = strings.ReplaceAll(id, real, n)
	}
	return id
}

// scriptedMonth runs a month through the API in February 2026: a request
// approved, started, fulfilled, rated and asked about (the inquiry
// resolved with a credit); one cancelled; one rejected; repeated for each
// of copies departments; then the month is closed on March 2nd. want
// holds, by script name, the event types each request and inquiry must
// make, in order, and "period" the close.
func scriptedMonth(t *testing.T, e *apitest.Env, copies int) *month {
	t.Helper()
	m := &month{names: map[string]string{}, want: map[string][]string{}}
	depts := []string{"radiology", "pharmacy", "laboratory", "emergency"}
	e.Clock.Set(time.Date(2026, 2, 5, 9, 0, 0, 0, time.UTC))
	for c := range copies {
		dept := depts[c%len(depts)]
		head := apitest.Caller{"sub": "head-" + dept, "groups": "[requester]", "department": dept}
		key := func(n string) string { return fmt.Sprintf("%s-%d", n, c) }
		create := func(n, service string) string {
			id := e.Create(t, head, fmt.Sprintf(`{"service_id": %q, "quantity": 1}`, service))["id"].(string)
			m.names[id] = key(n)
			return id
		}
		act := func(who apitest.Caller, id, action, body string) {
			e.Must(t, 200, who, "POST", "/v1/requests/"+id+"/"+action, body)
		}
		r1 := create("r1", "data-extract")
		act(apitest.Fulfiller, r1, "approve", "")
		act(apitest.Fulfiller, r1, "start", "")
		act(apitest.Fulfiller, r1, "fulfill", "")
		e.Must(t, 201, head, "POST", "/v1/requests/"+r1+"/survey", `{"score": 4, "comment": "fine"}`)
		q := e.Must(t, 201, head, "POST", "/v1/inquiries", fmt.Sprintf(`{"month": "2026-02", "line_id": "%s-charge", "reason": "asked"}`, r1))["id"].(string)
		m.names[q] = key("q1")
		e.Must(t, 200, apitest.Finance, "POST", "/v1/inquiries/"+q+"/resolve", `{"outcome": "credit", "amount": "1.00", "note": "ok"}`)
		r2 := create("r2", "barcode-scanner") // no approval: it starts approved
		act(head, r2, "cancel", `{"reason": "not needed"}`)
		r3 := create("r3", "data-extract")
		act(apitest.Fulfiller, r3, "reject", `{"reason": "no"}`)

		m.want[key("r1")] = []string{"request.submitted", "request.approved", "request.started", "request.fulfilled", "survey.received"}
		m.want[key("q1")] = []string{"inquiry.opened", "inquiry.resolved"}
		m.want[key("r2")] = []string{"request.submitted", "request.cancelled"}
		m.want[key("r3")] = []string{"request.submitted", "request.rejected"}
	}
	e.Clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/2026-02/close", `{}`)
	m.want["period"] = []string{"period.closed"}
	return m
}

// byOwner groups events, in the order given, by the script name of the
// request, inquiry or period they are about.
func (m *month) byOwner(events []seen) map[string][]string {
	out := map[string][]string{}
	for _, e := range events {
		owner := "period"
		switch {
		case e.Detail["inquiry_id"] != nil:
			owner = m.name(fmt.Sprint(e.Detail["inquiry_id"]))
		case e.Detail["request_id"] != nil:
			owner = m.name(fmt.Sprint(e.Detail["request_id"]))
		}
		out[owner] = append(out[owner], e.Type)
	}
	return out
}

func (m *month) count() int {
	n := 0
	for _, types := range m.want {
		n += len(types)
	}
	return n
}

// (a) Every state change of a scripted month reaches the bus as exactly one
// event, and each request's events arrive in the order its changes were
// made.
func TestEveryStateChangeMakesOneEvent(t *testing.T) {
	r := newRig(t)
	cps, _ := OpenCheckpoints("")
	bus := r.read(t, cps, nil)
	m := scriptedMonth(t, r.e, 2)
	waitFor(t, bus, fmt.Sprintf("the %d events of the scripted month", m.count()), func(s []seen) bool { return len(distinct(s)) >= m.count() })
	settle()
	got := published(t, bus)
	if len(got) != len(distinct(got)) {
		t.Errorf("the bus got %d events for %d ids: a fault-free run published an event twice", len(got), len(distinct(got)))
	}
	if diff := diffOwners(m.want, m.byOwner(got)); diff != "" {
		t.Errorf("events by request, inquiry and period, in bus order:\n%s", diff)
	}
}

// diffOwners says how got differs from want, owner by owner.
func diffOwners(want, got map[string][]string) string {
	var b strings.Builder
	owners := map[string]bool{}
	for o := range want {
		owners[o] = true
	}
	for o := range got {
		owners[o] = true
	}
	keys := make([]string, 0, len(owners))
	for o := range owners {
		keys = append(keys, o)
	}
	slices.Sort(keys)
	for _, o := range keys {
		if !slices.Equal(want[o], got[o]) {
			fmt.Fprintf(&b, "  %s: got %v, want %v\n", o, got[o], want[o])
		}
	}
	return b.String()
}

// (b) With one PutEvents call in ten failing (entries refused, throttled,
// timed out before or after the events were put), the events published,
// deduplicated by id, are exactly the fault-free run's: none lost, none
// changed; a repeat carries the same id.
func TestPutEventsFaultsLoseNothing(t *testing.T) {
	run := func(withFaults bool) (*month, []seen, *faulttest.Bus) {
		r := newRig(t)
		cps, _ := OpenCheckpoints("")
		var faults *faulttest.Bus
		var wrap func(outbox.Bus) outbox.Bus
		if withFaults {
			wrap = func(b outbox.Bus) outbox.Bus { faults = faulttest.NewBus(b, 18, 0.1); return faults }
		}
		bus := r.read(t, cps, wrap)
		m := scriptedMonth(t, r.e, 8)
		waitFor(t, bus, fmt.Sprintf("the %d events of the scripted month", m.count()), func(s []seen) bool { return len(distinct(s)) >= m.count() })
		settle()
		return m, published(t, bus), faults
	}
	cleanMonth, clean, _ := run(false)
	faultMonth, faulty, faults := run(true)

	normal := func(m *month, events []seen) map[string]string {
		out := map[string]string{}
		for id, e := range distinct(events) {
			d := map[string]any{}
			for k, v := range e.Detail {
				if k != "at" && k != "event_id" && k != "request_id" && k != "inquiry_id" && k != "line_id" {
					d[k] = v
				}
			}
			raw, _ := json.Marshal(d)
			out[m.name(id)] = e.Type + " " + string(raw)
		}
		return out
	}
	want, got := normal(cleanMonth, clean), normal(faultMonth, faulty)
	for id, w := range want {
		if g, ok := got[id]; !ok {
			t.Errorf("lost under faults: %s", w)
		} else if g != w {
			t.Errorf("%s: got %s under faults, want %s", id, g, w)
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("published only under faults: %s %s", id, g)
		}
	}
	if faults.Injected(faulttest.PartialFailure)+faults.Injected(faulttest.BusThrottled)+faults.Injected(faulttest.BusTimeoutBefore)+faults.Injected(faulttest.BusTimeoutAfter) == 0 {
		t.Errorf("no fault was injected (%s): the test proved nothing", faults)
	}
	t.Logf("events: %d distinct; under faults %s, %d delivered, %d of them repeats", len(want), faults, len(faulty), len(faulty)-len(distinct(faulty)))
}

// (c) Each SLA threshold of an open request reaches the bus once, however
// many slawatch runs overlap, and a request closed before its crossing
// never sends one.
func TestEachSLAThresholdFiresOnce(t *testing.T) {
	r := newRig(t)
	cps, _ := OpenCheckpoints("")
	bus := r.read(t, cps, nil)
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	r.e.Clock.Set(created)
	open := r.e.Create(t, apitest.Radiology, `{"service_id": "shared-mailbox", "quantity": 1}`)["id"].(string)
	cancelled := r.e.Create(t, apitest.Radiology, `{"service_id": "shared-mailbox", "quantity": 1}`)["id"].(string)
	fulfilled := r.e.Create(t, apitest.Radiology, `{"service_id": "shared-mailbox", "quantity": 1}`)["id"].(string)
	// shared-mailbox: 24 hours, so 75 % at 02:00 the next day.
	atRisk, due := created.Add(18*time.Hour), created.Add(24*time.Hour)
	r.e.Clock.Set(atRisk.Add(-time.Hour))
	r.e.Must(t, 200, apitest.Radiology, "POST", "/v1/requests/"+cancelled+"/cancel", `{"reason": "not needed"}`)

	overlap := func(now time.Time) {
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if _, err := r.e.Store.WatchSLAs(context.Background(), now); err != nil {
					t.Errorf("WatchSLAs at %s: %v", now, err)
				}
			})
		}
		wg.Wait()
	}
	overlap(atRisk.Add(time.Minute))
	r.e.Clock.Set(due.Add(-time.Hour))
	r.e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+fulfilled+"/fulfill", "")
	overlap(due.Add(time.Minute))
	overlap(due.Add(time.Hour))

	sla := func(s []seen) []string {
		var out []string
		for _, e := range s {
			if strings.HasPrefix(e.Type, "request.sla_") {
				out = append(out, fmt.Sprint(e.Detail["request_id"], " ", e.Type))
			}
		}
		slices.Sort(out)
		return out
	}
	want := []string{open + " request.sla_at_risk", open + " request.sla_breached", fulfilled + " request.sla_at_risk"}
	slices.Sort(want)
	waitFor(t, bus, "the three SLA events", func(s []seen) bool { return len(sla(s)) >= len(want) })
	settle()
	if got := sla(published(t, bus)); !slices.Equal(got, want) {
		t.Errorf("SLA events after 30 overlapping runs: got %v, want %v (cancelled: %s)", got, want, cancelled)
	}
}

// (d) A reader stopped and started again resumes from its checkpoint: the
// changes made while it was down all arrive, and nothing it had handed on
// arrives again beyond the one batch a stop may catch in flight.
func TestTheReaderResumesFromItsCheckpoint(t *testing.T) {
	r := newRig(t)
	path := t.TempDir() + "/checkpoints.json"
	cps, err := OpenCheckpoints(path)
	if err != nil {
		t.Fatal(err)
	}
	create := func(n int) []string {
		var ids []string
		for range n {
			ids = append(ids, r.e.Create(t, apitest.Pharmacy, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string))
		}
		return ids
	}
	has := func(s []seen, ids []string) bool {
		got := map[string]bool{}
		for _, e := range s {
			got[fmt.Sprint(e.Detail["request_id"])] = true
		}
		for _, id := range ids {
			if !got[id] {
				return false
			}
		}
		return true
	}
	first := r.read(t, cps, nil)
	before := create(20)
	waitFor(t, first, "the 20 requests filed before the stop", func(s []seen) bool { return has(s, before) })
	r.stop()

	during := create(20) // while no reader runs
	reopened, err := OpenCheckpoints(path)
	if err != nil {
		t.Fatal(err)
	}
	second := r.read(t, reopened, nil)
	after := create(5)
	waitFor(t, second, "the 25 requests filed during and after the stop", func(s []seen) bool { return has(s, append(during, after...)) })
	settle()
	again := 0
	for _, e := range published(t, second) {
		if slices.Contains(before, fmt.Sprint(e.Detail["request_id"])) {
			again++
		}
	}
	if again > 100 {
		t.Errorf("after the restart %d events from before it came again; at most one batch (100) may", again)
	}
	t.Logf("after the restart: %d events, %d of them from before it", len(published(t, second)), again)
}

// (e) A budget crossing RecordCrossings records reaches the bus as
// budget.threshold_crossed, once per threshold.
func TestABudgetCrossingReachesTheBus(t *testing.T) {
	r := newRig(t)
	cps, _ := OpenCheckpoints("")
	bus := r.read(t, cps, nil)
	year, err := billing.ParseFiscalYear("2026", time.January)
	if err != nil {
		t.Fatal(err)
	}
	budget := &billing.Budget{Year: year, Department: "laboratory", Amount: decimal.NewFromInt(1000), Thresholds: []int{50, 80, 100}}
	used := decimal.RequireFromString("85")
	f := billing.Forecast{Year: year, Department: "laboratory", Total: decimal.NewFromInt(850), Budget: budget, UsedPercent: &used}
	for range 3 { // recorded once, however often the forecast is read
		if _, err := r.e.Store.RecordCrossings(context.Background(), f, apitest.Now); err != nil {
			t.Fatal(err)
		}
	}
	crossings := func(s []seen) []string {
		var out []string
		for _, e := range s {
			if e.Type == "budget.threshold_crossed" {
				out = append(out, fmt.Sprint(e.Detail["year"], " ", e.Detail["department"], " ", e.Detail["threshold"], " ", e.Detail["used_percent"]))
			}
		}
		slices.Sort(out)
		return out
	}
	waitFor(t, bus, "two budget.threshold_crossed events", func(s []seen) bool { return len(crossings(s)) >= 2 })
	settle()
	want := []string{"2026 laboratory 50 85.0", "2026 laboratory 80 85.0"}
	if got := crossings(published(t, bus)); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// refusing fails its first calls whole, then passes the rest on.
type refusing struct {
	outbox.Bus
	mu   sync.Mutex
	left int
}

func (r *refusing) PutEvents(ctx context.Context, in *eventbridge.PutEventsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutEventsOutput, error) {
	r.mu.Lock()
	refuse := r.left > 0
	r.left--
	r.mu.Unlock()
	if refuse {
		return nil, errors.New("the bus is down")
	}
	return r.Bus.PutEvents(ctx, in, optFns...)
}

// When the consumer gives up on a batch (the bus refused it through all
// its tries, twice over), the reader reads the batch again from the first
// record not published, as Lambda does: every event arrives.
func TestABatchTheConsumerGaveUpOnIsReadAgain(t *testing.T) {
	r := newRig(t)
	cps, _ := OpenCheckpoints("")
	var down *refusing
	bus := r.read(t, cps, func(b outbox.Bus) outbox.Bus { down = &refusing{Bus: b, left: 8}; return down })
	for range 5 {
		r.e.Create(t, apitest.Emergency, `{"service_id": "barcode-scanner", "quantity": 1}`)
	}
	waitFor(t, bus, "the 5 requests filed while the bus was down", func(s []seen) bool { return len(distinct(s)) >= 5 })
	settle()
	if got := len(distinct(published(t, bus))); got != 5 {
		t.Errorf("got %d distinct events, want 5", got)
	}
	down.mu.Lock()
	defer down.mu.Unlock()
	if down.left > 0 {
		t.Errorf("the bus was never down (%d refusals left): the test proved nothing", down.left)
	}
}
