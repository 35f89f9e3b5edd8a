package load

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
)

// Options bound and shape a run.
type Options struct {
	// Endpoint is the DynamoDB endpoint; "" starts DynamoDB Local in
	// memory for the run.
	Endpoint string
	// Config is the API's configuration, as the local server reads it
	// from the environment.
	Config httpapi.Config
	// Workers is the number of simulated department clients calling at
	// once, spread over the catalog's active departments in turn.
	Workers int
	// Requests caps the API calls of the run; Duration caps its length.
	// The run stops at whichever it reaches first.
	Requests int
	Duration time.Duration
	// Warmup is the first part of Duration whose latencies are not kept,
	// while DynamoDB Local's JVM warms up; its calls still count and are
	// checked.
	Warmup time.Duration
	// Raw pairs each API call with its raw DynamoDB twin.
	Raw bool
	// Alone is how many calls of each route, each with its twin, one
	// client makes by itself after the run (0: none), to show the routes'
	// own cost beside the twins' with no queue in front of either.
	Alone int
	// Seed makes the mix of calls repeatable.
	Seed uint64
	// Progress, when set, receives a line every few seconds.
	Progress io.Writer
}

// The defaults keep `make load` to about a minute on a laptop.
const (
	DefaultWorkers  = 50
	DefaultRequests = 4000
	DefaultDuration = 40 * time.Second
	DefaultWarmup   = 5 * time.Second
	DefaultAlone    = 20
)

// Result is what a run measured and what its check found.
type Result struct {
	// Workers is the number of simulated department clients, spread over
	// Departments active departments.
	Workers, Departments int
	// Calls is the API calls made, in Elapsed; Warm of them in the
	// warm-up.
	Calls, Warm int
	Elapsed     time.Duration
	// Raw says whether each call was paired with its raw twin.
	Raw bool
	// Routes are the measured routes, in mix order; Alone the same
	// routes called by one client by itself after the run (none when
	// Options.Alone is 0).
	Routes, Alone []RouteResult
	// Check is the reconciliation after the run.
	Check CheckResult
	// Events is the outbox's figures: lag, repeats, rate.
	Events EventsResult
}

// RouteResult is one route's figures beside its raw twin's.
type RouteResult struct {
	Route string
	OpStats
	// Twin names the raw DynamoDB calls the route makes; Raw is their
	// figures.
	Twin string
	Raw  OpStats
}

// Ratio is the route's median over its twin's; 0 without twin samples.
func (r RouteResult) Ratio() float64 { return Ratio(r.P50, r.Raw.P50) }

// Errors is the failed API calls of the run.
func (r *Result) Errors() int {
	n := 0
	for _, rt := range r.Routes {
		n += rt.Errors
	}
	return n
}

// Throughput is the API calls per second.
func (r *Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Calls) / r.Elapsed.Seconds()
}

// Run starts the stack, drives the workers until a cap is reached, checks
// what they left behind and tears the stack down. It returns an error only
// when the run could not be made; what the check finds (or a check that
// could not finish) is in Result.Check.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Workers <= 0 || o.Requests <= 0 || o.Duration <= 0 || o.Warmup < 0 {
		return nil, fmt.Errorf("load: workers, requests and duration must be positive, warmup not negative (got %d, %d, %v, %v)", o.Workers, o.Requests, o.Duration, o.Warmup)
	}
	if o.Config.Location == nil {
		o.Config.Location = time.UTC
	}
	st, err := startStack(ctx, o.Endpoint, o.Config, o.Workers)
	if err != nil {
		return nil, err
	}
	defer st.close()

	cat := catalog.Load()
	r, err := newRunner(st, o, cat)
	if err != nil {
		return nil, err
	}
	if r.events, err = watchEvents(ctx, st); err != nil {
		return nil, err
	}
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, "load: API on %s over DynamoDB at %s; %d clients, at most %d calls or %v (the first %v unmeasured)\n",
			st.url, st.endpoint, o.Workers, o.Requests, o.Duration, o.Warmup)
	}
	start := time.Now()
	r.rec = newRecorder(start.Add(o.Warmup))
	r.drive(ctx, r.workers)
	res := &Result{Workers: o.Workers, Departments: r.departments, Elapsed: time.Since(start), Raw: o.Raw}
	res.Routes = r.rec.results()
	for _, rt := range res.Routes {
		res.Calls += rt.Count + rt.Errors + rt.Warm
		res.Warm += rt.Warm
	}
	if o.Alone > 0 && ctx.Err() == nil {
		alone := newRecorder(time.Time{})
		r.alone(ctx, r.workers[0], o.Alone, alone)
		res.Alone = alone.results()
	}
	if res.Check, err = r.check(ctx, st.secret, cat); err != nil {
		res.Check.Problems = append(res.Check.Problems, "the check could not finish: "+err.Error())
	}
	res.Events = r.events.measure(ctx)
	res.Check.Problems = append(res.Check.Problems, res.Events.problems()...)
	return res, nil
}

// newRunner sets up the workers and the raw twins over st.
func newRunner(st *stack, o Options, cat *catalog.Catalog) (*runner, error) {
	r := &runner{
		opts: o, api: newAPIClient(st.url, o.Workers), ledger: newLedger(),
		services: requestable(cat), loc: o.Config.Location,
		raw: &raw{client: st.client, table: st.table, loc: o.Config.Location, prefix: twinPrefix},
	}
	for _, d := range cat.Departments() {
		r.raw.departments = append(r.raw.departments, d.ID)
	}
	var err error
	r.workers, r.departments, err = newWorkers(st.secret, cat, o)
	return r, err
}

// results are the figures of each route of the mix and its twin.
func (r *recorder) results() []RouteResult {
	var out []RouteResult
	for _, e := range mix {
		out = append(out, RouteResult{Route: e.route, OpStats: r.stats(e.route), Twin: e.twin, Raw: r.stats(e.twin)})
	}
	return out
}

// requestable are the services the workers request: active one-time and
// monthly services that need no approval, so that IT can fulfil them
// straight away.
func requestable(cat *catalog.Catalog) []catalog.Service {
	var out []catalog.Service
	for _, s := range cat.Services() {
		if s.Active && s.Approval == catalog.ApprovalNone && (s.Pricing == catalog.OneTime || s.Pricing == catalog.Monthly) {
			out = append(out, s)
		}
	}
	return out
}

// newWorkers makes o.Workers department clients, dealt over the active
// departments in catalog order, each with its tokens and its own random
// stream. It returns them and how many departments they cover.
func newWorkers(secret string, cat *catalog.Catalog, o Options) ([]*worker, int, error) {
	var depts []string
	for _, d := range cat.Departments() {
		if d.Active {
			depts = append(depts, d.ID)
		}
	}
	workers := make([]*worker, o.Workers)
	for i := range workers {
		w := &worker{dept: depts[i%len(depts)], rng: rand.New(rand.NewPCG(o.Seed, uint64(i)))}
		var err error
		if w.requester, err = token(secret, fmt.Sprintf("load.%s.%d", w.dept, i), httpapi.RoleRequester, w.dept); err != nil {
			return nil, 0, err
		}
		if w.fulfiller, err = token(secret, fmt.Sprintf("load.it.%d", i), httpapi.RoleFulfiller, ""); err != nil {
			return nil, 0, err
		}
		if w.leadership, err = token(secret, fmt.Sprintf("load.leadership.%d", i), httpapi.RoleLeadership, ""); err != nil {
			return nil, 0, err
		}
		workers[i] = w
	}
	return workers, min(len(depts), o.Workers), nil
}
