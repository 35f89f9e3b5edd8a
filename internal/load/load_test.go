package load

import (
	"context"
	"strings"
	"testing"
	"time"

	"chargeback/catalog"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
)

// tinyOptions are caps small enough for a test, on DynamoDB Local.
func tinyOptions(t *testing.T) Options {
	t.Helper()
	cfg, err := httpapi.ConfigFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	return Options{Endpoint: dynamotest.Endpoint(t), Config: cfg, Workers: 4, Requests: 40, Duration: 20 * time.Second, Raw: true, Alone: 1, Seed: 7}
}

func TestRunChecksOut(t *testing.T) {
	o := tinyOptions(t)
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Check.OK() {
		t.Errorf("check failed: %v", res.Check.Problems)
	}
	if len(res.Check.Baseline) > 0 {
		t.Errorf("the raw twins read other data than the routes: %v", res.Check.Baseline)
	}
	if res.Errors() != 0 {
		t.Errorf("got %d failed calls, want none: %+v", res.Errors(), res.Routes)
	}
	if res.Calls == 0 || res.Calls > o.Requests {
		t.Errorf("got %d calls, want 1 to %d", res.Calls, o.Requests)
	}
	if res.Check.Created == 0 || res.Check.Fulfilled == 0 || res.Check.Lines < res.Check.Fulfilled {
		t.Errorf("got %d created, %d fulfilled, %d lines; want some of each, a line per fulfilment", res.Check.Created, res.Check.Fulfilled, res.Check.Lines)
	}
	if len(res.Alone) != len(mix) {
		t.Fatalf("got %d routes measured alone, want %d", len(res.Alone), len(mix))
	}
	for _, rt := range res.Alone {
		if rt.Count != 1 || rt.Raw.Count != 1 || rt.Ratio() == 0 {
			t.Errorf("%s alone: got %d calls and %d twin calls (ratio %.2f), want 1 and 1", rt.Route, rt.Count, rt.Raw.Count, rt.Ratio())
		}
	}
	// Every create and fulfil answered made its event on the local bus,
	// and a second reader published the whole stream again.
	ev := res.Events
	if ev.Awaited != res.Check.Created+res.Check.Fulfilled || ev.Missing != 0 || ev.Lag.Count != ev.Awaited || ev.Drained < ev.Awaited || ev.Rate() == 0 {
		t.Errorf("events: got %+v; want one per create (%d) and fulfil (%d), none missing, the backlog drained", ev, res.Check.Created, res.Check.Fulfilled)
	}
	var out strings.Builder
	if err := WriteReport(&out, res, 1.5); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{routeCreate, routeFulfil, routeStatement, routeReport, rawFulfilName, "OK: every created request", "lag from the API's answer to the bus"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunStopsAtTheDuration(t *testing.T) {
	o := tinyOptions(t)
	o.Workers, o.Requests, o.Duration, o.Alone = 2, 1_000_000, time.Second, 0
	res, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	// The calls under way at the deadline finish, so allow for them.
	if res.Elapsed > 10*time.Second || res.Calls >= o.Requests {
		t.Errorf("got %d calls in %v, want the 1s cap to stop the run", res.Calls, res.Elapsed)
	}
	if !res.Check.OK() {
		t.Errorf("check failed: %v", res.Check.Problems)
	}
}

// TestCheckFindsLostAndUnchargedRequests makes a few calls, then tells the
// ledger of a create that never happened, a fulfilment that never
// happened and a duplicated id: the check must report each.
func TestCheckFindsLostAndUnchargedRequests(t *testing.T) {
	o := tinyOptions(t)
	o.Workers, o.Requests = 2, 12
	ctx := context.Background()
	st, err := startStack(ctx, o.Endpoint, o.Config, o.Workers)
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	cat := catalog.Load()
	r, err := newRunner(st, o, cat)
	if err != nil {
		t.Fatal(err)
	}
	r.rec = newRecorder(time.Now())
	r.drive(ctx, r.workers)
	for range 3 {
		r.pair(ctx, r.workers[0], routeCreate) // three requests nobody fulfils
	}

	unfulfilled := r.ledger.next()
	if unfulfilled == "" {
		t.Fatal("no created request is waiting for fulfilment")
	}
	r.ledger.fulfilled(unfulfilled, time.Now())
	lost := "01JZZZZZZZZZZZZZZZZZZZZZZZ"
	r.ledger.created(filed{ID: lost, Department: "radiology", Pricing: "one_time"})
	r.ledger.created(filed{ID: lost, Department: "radiology", Pricing: "one_time"})

	c, err := r.check(ctx, st.secret, cat)
	if err != nil {
		t.Fatal(err)
	}
	problems := strings.Join(c.Problems, "\n")
	for _, want := range []string{
		"request " + lost + " (radiology): created, but not in its department's list",
		"request " + lost + ": two creates answered with this id",
		"request " + unfulfilled + ": fulfilled (200), but listed as approved",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q; got:\n%s", want, problems)
		}
	}
}
