package load

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/outbox"
)

// The measured routes, in the order the report prints them.
const (
	routeCreate    = "POST /v1/requests"
	routeFulfil    = "POST /v1/requests/{id}/fulfill"
	routeStatement = "GET /v1/statements/{month}/{department}"
	routeReport    = "GET /v1/reports/services"
)

// mixEntry is one kind of call in the mix: its route, its raw twin and
// its share of the calls, in percent.
type mixEntry struct {
	route, twin string
	weight      int
}

// mix is the calls the workers make. A fulfil with nothing waiting to be
// fulfilled files a request instead.
var mix = []mixEntry{
	{routeCreate, rawCreateName, 40},
	{routeFulfil, rawFulfilName, 30},
	{routeStatement, rawStatementName, 20},
	{routeReport, rawReportName, 10},
}

// pick draws a route from the mix.
func pick(rng *rand.Rand) string {
	total := 0
	for _, e := range mix {
		total += e.weight
	}
	x := rng.IntN(total)
	for _, e := range mix {
		if x < e.weight {
			return e.route
		}
		x -= e.weight
	}
	return mix[0].route
}

// worker is one simulated department client: its department's head files
// requests and reads the statement, and the same client plays IT
// (fulfils) and leadership (reports) for its share of those calls.
type worker struct {
	dept                             string
	requester, fulfiller, leadership string // tokens
	rng                              *rand.Rand
}

// runner drives the workers over one stack.
type runner struct {
	opts     Options
	api      *apiClient
	raw      *raw
	rec      *recorder
	ledger   *ledger
	services []catalog.Service // what the workers request
	workers  []*worker
	// departments is how many departments the workers cover.
	departments int
	loc         *time.Location
	calls       atomic.Int64 // API calls started
	// lastReply is a recent create answer, the size of what the create
	// twin stores as its reply.
	lastReply atomic.Pointer[string]
	// events notes when the API answered each change, for its event's lag.
	events *eventWatch
}

// drive runs the workers until the count or the duration cap is reached,
// or ctx ends; calls under way then finish.
func (r *runner) drive(ctx context.Context, workers []*worker) {
	deadline := time.Now().Add(r.opts.Duration)
	done := make(chan struct{})
	go r.progress(done)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) && r.calls.Add(1) <= int64(r.opts.Requests) {
				r.step(ctx, w)
			}
		})
	}
	wg.Wait()
	close(done)
}

// progress prints the calls made so far every few seconds until done.
func (r *runner) progress(done <-chan struct{}) {
	if r.opts.Progress == nil {
		return
	}
	start := time.Now()
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			fmt.Fprintf(r.opts.Progress, "  %3.0fs  %d API calls\n", time.Since(start).Seconds(), min(r.calls.Load(), int64(r.opts.Requests)))
		}
	}
}

// step makes one call of the mix and its raw twin.
func (r *runner) step(ctx context.Context, w *worker) { r.pair(ctx, w, pick(w.rng)) }

// alone makes n calls of each route of the mix, each with its twin, one
// at a time as worker w, recording them in rec: the latency of the route
// and the twin with no queue in front of them.
func (r *runner) alone(ctx context.Context, w *worker, n int, rec *recorder) {
	r.rec = rec
	for range n {
		for _, e := range mix {
			if ctx.Err() != nil {
				return
			}
			r.pair(ctx, w, e.route)
		}
	}
}

// pair makes one call of route and its raw twin, in a random order so
// that neither always goes first.
func (r *runner) pair(ctx context.Context, w *worker, route string) {
	id := ""
	if route == routeFulfil {
		if id = r.ledger.next(); id == "" {
			route = routeCreate
		}
	}
	m := billing.MonthOf(time.Now(), r.loc)
	var api, twin func()
	switch route {
	case routeCreate:
		svc, qty := r.services[w.rng.IntN(len(r.services))], 1+w.rng.IntN(5)
		api = func() { r.create(ctx, w, svc, qty) }
		twin = func() { r.rawCreate(ctx, w.dept, svc, qty) }
	case routeFulfil:
		api = func() { r.fulfil(ctx, w, id) }
		twin = func() { r.rawFulfil(ctx) }
	case routeStatement:
		api = func() {
			r.expect(ctx, routeStatement, http.MethodGet, "/v1/statements/"+m.String()+"/"+w.dept, w.requester, nil, nil, http.StatusOK)
		}
		twin = func() {
			start := time.Now()
			_, _, err := r.raw.statement(ctx, m, w.dept)
			r.rawDone(rawStatementName, start, err)
		}
	case routeReport:
		api = func() {
			path := "/v1/reports/services?from=" + m.String() + "&to=" + m.String()
			r.expect(ctx, routeReport, http.MethodGet, path, w.leadership, nil, nil, http.StatusOK)
		}
		twin = func() { start := time.Now(); r.rawDone(rawReportName, start, r.raw.report(ctx, m)) }
	}
	if w.rng.IntN(2) == 0 {
		api, twin = twin, api
	}
	api()
	if r.opts.Raw {
		twin()
	}
}

// expect makes one API call and records it as route: a success when it
// answers want.
func (r *runner) expect(ctx context.Context, route, method, path, token string, body []byte, header map[string]string, want int) (answer, bool) {
	a, err := r.api.call(ctx, method, path, token, body, header)
	switch {
	case err != nil:
		r.rec.fail(route, "transport", err.Error())
		return a, false
	case a.status != want:
		r.rec.fail(route, strconv.Itoa(a.status), string(a.body))
		return a, false
	}
	r.rec.ok(route, a.took)
	return a, true
}

// created is the part of a request's JSON the run keeps.
type createdJSON struct {
	ID              string          `json:"id"`
	Department      string          `json:"department"`
	ServiceID       string          `json:"service_id"`
	Pricing         string          `json:"pricing"`
	Status          string          `json:"status"`
	EstimatedCharge decimal.Decimal `json:"estimated_charge"`
	FulfilledAt     *time.Time      `json:"fulfilled_at"`
}

// create files a request as the worker's department head, with an
// Idempotency-Key as a careful client sends.
func (r *runner) create(ctx context.Context, w *worker, svc catalog.Service, qty int) {
	body := fmt.Appendf(nil, `{"service_id": %q, "quantity": %d}`, svc.ID, qty)
	a, ok := r.expect(ctx, routeCreate, http.MethodPost, "/v1/requests", w.requester, body, map[string]string{"Idempotency-Key": randomHex(16)}, http.StatusCreated)
	if !ok {
		return
	}
	var got createdJSON
	if err := json.Unmarshal(a.body, &got); err != nil || got.ID == "" {
		r.rec.fail(routeCreate, "bad body", string(a.body))
		return
	}
	reply := string(a.body)
	r.lastReply.Store(&reply)
	r.events.answer(got.ID, string(outbox.RequestSubmitted))
	r.ledger.created(filed{ID: got.ID, Department: got.Department, ServiceID: got.ServiceID, Pricing: got.Pricing, Estimated: got.EstimatedCharge})
}

// fulfil fulfils a request as IT.
func (r *runner) fulfil(ctx context.Context, w *worker, id string) {
	a, ok := r.expect(ctx, routeFulfil, http.MethodPost, "/v1/requests/"+id+"/fulfill", w.fulfiller, nil, nil, http.StatusOK)
	if !ok {
		return
	}
	var got createdJSON
	if err := json.Unmarshal(a.body, &got); err != nil || got.Status != "fulfilled" || got.FulfilledAt == nil {
		r.rec.fail(routeFulfil, "bad body", string(a.body))
		return
	}
	r.events.answer(id, string(outbox.RequestFulfilled))
	r.ledger.fulfilled(id, *got.FulfilledAt)
}

func (r *runner) rawCreate(ctx context.Context, dept string, svc catalog.Service, qty int) {
	reply := `{"id": "x"}`
	if p := r.lastReply.Load(); p != nil {
		reply = *p
	}
	start := time.Now()
	req, err := r.raw.create(ctx, dept, svc, qty, reply)
	r.rawDone(rawCreateName, start, err)
	if err == nil {
		r.ledger.rawCreated(req)
	}
}

// rawFulfil fulfils the oldest twin-created request; with none waiting it
// records nothing.
func (r *runner) rawFulfil(ctx context.Context) {
	req, ok := r.ledger.rawNext()
	if !ok {
		return
	}
	start := time.Now()
	r.rawDone(rawFulfilName, start, r.raw.fulfil(ctx, req))
}

func (r *runner) rawDone(name string, start time.Time, err error) {
	if err != nil {
		r.rec.fail(name, "error", err.Error())
		return
	}
	r.rec.ok(name, time.Since(start))
}
