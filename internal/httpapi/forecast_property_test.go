package httpapi_test

import (
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones the seeds use, whatever the machine has

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/apitest"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
	"chargeback/internal/workbook"
	"chargeback/internal/workbook/xlsx"
)

// TestForecastProperty runs random sequences of creates, quantity changes,
// approvals, starts, rejections, cancellations, fulfilments (back-dated
// too), subscription ends (now, back-dated and scheduled ahead),
// adjustments, month closes and the passing of time against the API on
// DynamoDB Local, and after every step checks the budget routes' figures
// (actual, committed and its commitments, recurring, forecast, remaining,
// used percent, status) for the past, current and next fiscal year, and
// the thresholds recorded as crossed, against a model that replays the
// same steps (forecast_model_test.go, forecast_property_crossings_test.go).
// Each seed picks its org zone and fiscal-year start; the clock begins in
// spring 2026, so a run crosses the catalog's July 2026 price changes and
// a fiscal year's end.
//
// FORECAST_PROPERTY_SEEDS (default 3) and FORECAST_PROPERTY_STEPS
// (default 100) widen the search; FORECAST_PROPERTY_SEED=n runs seed n
// alone, as a failure says.
func TestForecastProperty(t *testing.T) {
	endpoint := dynamotest.Endpoint(t)
	seeds, steps := envInt(t, "FORECAST_PROPERTY_SEEDS", 3), envInt(t, "FORECAST_PROPERTY_STEPS", 100)
	list := make([]int, seeds)
	for i := range list {
		list[i] = i + 1
	}
	if s := os.Getenv("FORECAST_PROPERTY_SEED"); s != "" {
		list = []int{envInt(t, "FORECAST_PROPERTY_SEED", 0)}
	}
	counts := map[string]int{}
	for _, seed := range list {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			r := newForecastRun(t, endpoint, seed)
			for step := 1; step <= steps; step++ {
				r.step = step
				r.act()
				r.check()
				r.checkCrossed()
			}
			for k, n := range r.done {
				counts[k] += n
			}
		})
	}
	t.Logf("actions taken: %v", counts)
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		t.Fatalf("%s=%q: want a whole number", name, s)
	}
	return n
}

// forecastRun is one seed's API, model and random source.
type forecastRun struct {
	t          *testing.T
	seed, step int
	rnd        *rand.Rand
	handler    *httpapi.Handler
	routes     []httpapi.Route
	clock      *apitest.Clock
	client     *dynamodb.Client
	table      string
	crossed    map[int][]int // radiology's thresholds crossed, by fiscal year
	w          *model
	firstOpen  ym             // the earliest month not closed by the test
	log        []string       // the steps taken, for a failure's message
	done       map[string]int // how many of each action succeeded
}

var (
	zones       = []string{"UTC", "America/New_York", "Pacific/Auckland"}
	fyStarts    = []time.Month{time.July, time.January, time.October}
	propertySvc = []string{
		"ehr-licence", "secure-clinical-messaging", "backup-storage", "vpn-access", // monthly
		"barcode-scanner", "label-wristband-printer", // one-time
		"after-hours-support", "application-build", // hourly
	}
	departments = map[string]apitest.Caller{"radiology": apitest.Radiology, "pharmacy": apitest.Pharmacy}
)

func newForecastRun(t *testing.T, endpoint string, seed int) *forecastRun {
	rnd := rand.New(rand.NewPCG(uint64(seed), 17))
	loc, err := time.LoadLocation(zones[seed%len(zones)])
	if err != nil {
		t.Fatal(err)
	}
	cfg := apitest.Config()
	cfg.Location, cfg.FiscalYearStart = loc, fyStarts[seed%len(fyStarts)]
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rnd.Int64N(int64(85 * 24 * time.Hour)))).Truncate(time.Second)
	clock := apitest.NewClock(start)
	cat := catalog.Load()
	api, client, table := apiOnLocal(t, endpoint, cfg, clock)
	r := &forecastRun{
		t: t, seed: seed, rnd: rnd, handler: api.Handler(""), routes: api.Routes(), clock: clock, firstOpen: ymOf(start, loc),
		client: client, table: table, crossed: map[int][]int{},
		w: &model{loc: loc, fyFrom: cfg.FiscalYearStart, cat: cat, adjust: map[string]map[ym]decimal.Decimal{},
			frozen: map[ym]map[string]decimal.Decimal{}, budgets: map[int]map[string]decimal.Decimal{}, thresholds: []int{50, 80, 100}},
		done: map[string]int{},
	}
	r.note("start %s in %s, fiscal years from %s", start.Format(time.RFC3339), loc, cfg.FiscalYearStart)
	// Radiology has a budget for this fiscal year and the next two;
	// pharmacy none (its figures come with budget null).
	fy := fiscalYear(ymOf(start, loc), cfg.FiscalYearStart)
	for y := fy; y <= fy+2; y++ {
		amount := decimal.New(200000+rnd.Int64N(3800000), -2)
		r.must(201, apitest.Finance, "PUT", fmt.Sprintf("/v1/budgets/%d/radiology", y), fmt.Sprintf(`{"amount": "%s", "thresholds": [50, 80, 100]}`, amount))
		r.w.budgets[y] = map[string]decimal.Decimal{"radiology": amount}
	}
	return r
}

// apiOnLocal is the API with configuration cfg and clock over a fresh
// table in DynamoDB Local at endpoint.
func apiOnLocal(t *testing.T, endpoint string, cfg httpapi.Config, clock *apitest.Clock) (*httpapi.API, *dynamodb.Client, string) {
	t.Helper()
	client := dynamo.NewLocalClient(endpoint)
	table := dynamotest.Table(t, client)
	store := dynamo.New(client, table)
	api := httpapi.New(cfg, catalog.Load(), store, clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil))).WithWorkbooks(workbook.Builder(xlsx.Build))
	return api, client, table
}

// note records a step for the failure message.
func (r *forecastRun) note(format string, args ...any) {
	r.log = append(r.log, fmt.Sprintf("step %d: ", r.step)+fmt.Sprintf(format, args...))
}

// fail stops the seed, saying how to replay it and what led there.
func (r *forecastRun) fail(format string, args ...any) {
	r.t.Helper()
	steps := r.log
	if len(steps) > 12 {
		steps = steps[len(steps)-12:]
	}
	r.t.Fatalf("seed %d, step %d (replay: FORECAST_PROPERTY_SEED=%d FORECAST_PROPERTY_STEPS=%d): %s\nlast steps:\n  %s",
		r.seed, r.step, r.seed, r.step, fmt.Sprintf(format, args...), strings.Join(steps, "\n  "))
}

func (r *forecastRun) do(who apitest.Caller, method, target, body string) apitest.Response {
	r.t.Helper()
	return apitest.Call(r.t, r.handler, r.routes, who, method, target, body)
}

func (r *forecastRun) must(want int, who apitest.Caller, method, target, body string) map[string]any {
	r.t.Helper()
	res := r.do(who, method, target, body)
	if res.Status != want {
		r.fail("%s %s %s: got %d, want %d\n%s", method, target, body, res.Status, want, res.Body)
	}
	return res.JSON(r.t)
}

// pick is a random request for which ok holds; nil when there is none.
func (r *forecastRun) pick(ok func(*modelRequest) bool) *modelRequest {
	var in []*modelRequest
	for _, q := range r.w.reqs {
		if ok(q) {
			in = append(in, q)
		}
	}
	if len(in) == 0 {
		return nil
	}
	return in[r.rnd.IntN(len(in))]
}

// between is a random instant from lo to hi, to the second.
func (r *forecastRun) between(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return lo
	}
	return lo.Add(time.Duration(r.rnd.Int64N(int64(hi.Sub(lo)/time.Second)+1)) * time.Second)
}

// earliest is the first instant a back-dated fulfilment or end may name:
// not before from, nor in a month the test closed.
func (r *forecastRun) earliest(from time.Time) time.Time {
	if s := r.firstOpen.start(r.w.loc); s.After(from) {
		return s
	}
	return from
}

// act takes one random step, drawing again when the one drawn has nothing
// to act on (time passes after eight such draws). A little time passes
// before every step.
func (r *forecastRun) act() {
	r.clock.Set(r.clock.Now().Add(time.Duration(r.rnd.Int64N(int64(30 * time.Hour)))).Truncate(time.Second))
	actions := []struct {
		name   string
		weight int
		fn     func() bool
	}{
		{"create", 22, r.create}, {"change", 4, r.change}, {"approve", 10, r.approve}, {"start", 5, r.start},
		{"reject", 2, r.reject}, {"cancel", 4, r.cancel}, {"fulfil", 16, r.fulfil}, {"end", 8, r.end},
		{"adjust", 6, r.adjustment}, {"close", 8, r.closeMonth}, {"time", 15, r.tick},
	}
	total := 0
	for _, a := range actions {
		total += a.weight
	}
	for range 8 {
		n := r.rnd.IntN(total)
		for _, a := range actions {
			if n -= a.weight; n < 0 {
				if a.fn() {
					r.done[a.name]++
					return
				}
				break
			}
		}
	}
	r.tick()
	r.done["time"]++
}

// check compares the budget routes with the model: both departments'
// current fiscal year, and radiology's past and next ones.
func (r *forecastRun) check() {
	now := r.clock.Now()
	fy := fiscalYear(ymOf(now, r.w.loc), r.w.fyFrom)
	for _, c := range []struct {
		dept string
		fy   int
	}{{"radiology", fy}, {"pharmacy", fy}, {"radiology", fy - 1}, {"radiology", fy + 1}} {
		want, _ := r.w.forecast(c.dept, c.fy, now)
		got := r.must(200, apitest.Finance, "GET", fmt.Sprintf("/v1/budgets/%d/%s", c.fy, c.dept), "")
		if diff := cmp.Diff(want, apiForecast(got)); diff != "" {
			r.fail("%s's fiscal year %d at %s (-model +API):\n%s", c.dept, c.fy, now.Format(time.RFC3339), diff)
		}
	}
}

// apiForecast picks out of a budget answer what the model computes.
func apiForecast(got map[string]any) modelForecast {
	out := modelForecast{
		Actual: fmt.Sprint(got["actual"]), Committed: fmt.Sprint(got["committed"]), Recurring: fmt.Sprint(got["recurring"]),
		Forecast: fmt.Sprint(got["forecast"]), Remaining: got["remaining"], UsedPercent: got["used_percent"], Status: got["status"],
		AsOf: fmt.Sprint(got["as_of"]),
	}
	if b, ok := got["budget"].(map[string]any); ok {
		out.Budget = b["amount"]
	}
	for _, c := range got["commitments"].([]any) {
		m := c.(map[string]any)
		out.Commitments = append(out.Commitments, fmt.Sprintf("%v %v %v %v", m["request_id"], m["service_id"], m["status"], m["amount"]))
	}
	sort.Strings(out.Commitments)
	return out
}
