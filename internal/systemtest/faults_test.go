package systemtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"

	"chargeback/catalog"
	"chargeback/internal/apitest"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/faulttest"
	"chargeback/internal/httpapi"
)

// newFaultEnv is newEnv over a client whose calls go through a fault
// injector, placed by place (inj.Outside, or inj.Inside with quick SDK
// retries).
func newFaultEnv(tb testing.TB, place ...func(*dynamodb.Options)) *apitest.Env {
	tb.Helper()
	endpoint := dynamotest.Endpoint(tb)
	calls := &atomic.Int64{}
	count := middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		calls.Add(1)
		return next.HandleInitialize(ctx, in)
	})
	options := append([]func(*dynamodb.Options){func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Initialize.Add(count, middleware.Before) })
	}}, place...)
	client := dynamo.NewLocalClient(endpoint, options...)
	table := dynamotest.Table(tb, dynamo.NewLocalClient(endpoint))
	clock := apitest.NewClock(apitest.Now)
	store := dynamo.New(client, table)
	api := httpapi.New(apitest.Config(), catalog.Load(), store, clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	return &apitest.Env{Handler: api.Handler(""), Routes: api.Routes(), Clock: clock, Client: dynamo.NewLocalClient(endpoint), Table: table, Store: store, Calls: calls}
}

// careful is a client that retries as the API asks: a 503, a write
// conflict or a write with the same key in flight is sent again as it
// was, Idempotency-Key and all, and so is a call whose answer it lost (a
// client timeout, drawn at rate lose). It says whether any attempt ended
// without an answer it could trust, after which "already done" is a
// possible answer.
type careful struct {
	e                       *apitest.Env
	rng                     *rand.Rand
	lose                    float64
	sent, unavailable, lost int
}

// retryCodes are the 409s a client answers by sending the same call again.
var retryCodes = map[string]bool{"write_conflict": true, "idempotency_in_progress": true, "version_conflict": true}

func (c *careful) send(t *testing.T, who apitest.Caller, method, target, body string, headers ...string) (res apitest.Response, ambiguous bool) {
	t.Helper()
	for attempt := 1; attempt <= 50; attempt++ {
		res = c.e.Do(t, who, method, target, body, headers...)
		c.sent++
		switch code := problemCode(res); {
		case res.Status == 503:
			if res.Headers["Retry-After"] == "" {
				t.Errorf("%s %s: 503 without Retry-After", method, target)
			}
			c.unavailable++
			ambiguous = true
		case res.Status == 409 && retryCodes[code]:
		case c.rng.Float64() < c.lose:
			c.lost++
			ambiguous = true
		default:
			return res, ambiguous
		}
	}
	t.Fatalf("%s %s: no answer after 50 attempts; last %d %s", method, target, res.Status, res.Body)
	return res, ambiguous
}

// problemCode is a problem's code, or "".
func problemCode(res apitest.Response) string {
	if !strings.HasPrefix(res.Headers["Content-Type"], "application/problem+json") {
		return ""
	}
	var p struct{ Code string }
	_ = json.Unmarshal([]byte(res.Body), &p)
	return p.Code
}

// month is one run of the scripted month through the API, and what it
// read at the end.
type month struct {
	t   *testing.T
	e   *apitest.Env
	c   *careful
	ids []string          // request and adjustment ids, in the order the script made them
	req map[string]string // request id by script name, such as "pharmacy/vpn"
	out map[string]string // what the run read, by name, with ids normalised
}

// scriptDepts are the departments of the scripted month.
var scriptDepts = []string{"radiology", "pharmacy", "laboratory", "emergency", "nursing", "cardiology"}

func requester(dept string) apitest.Caller {
	return apitest.Caller{"sub": "head-" + dept, "groups": "[requester]", "department": dept}
}

// at sets the clock to a time of March 2026; tick moves it a minute on
// before each call, so that ids made by different calls sort by call.
func (m *month) at(day, hour int) { m.e.Clock.Set(time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC)) }
func (m *month) tick()            { m.e.Clock.Set(m.e.Clock.Now().Add(time.Minute)) }

// create files a request with an Idempotency-Key and names it.
func (m *month) create(name, dept, body string) {
	m.t.Helper()
	m.tick()
	res, _ := m.c.send(m.t, requester(dept), "POST", "/v1/requests", body, "Idempotency-Key", "create-"+name)
	if res.Status != 201 {
		m.t.Fatalf("create %s: got %d, want 201\n%s", name, res.Status, res.Body)
	}
	id := res.JSON(m.t)["id"].(string)
	m.req[name] = id
	m.ids = append(m.ids, id)
}

// replay sends a create again with the same key and body: the first
// answer comes back.
func (m *month) replay(name, dept, body string) {
	m.t.Helper()
	m.tick()
	res, _ := m.c.send(m.t, requester(dept), "POST", "/v1/requests", body, "Idempotency-Key", "create-"+name)
	if res.Status != 201 || res.Headers["Idempotent-Replayed"] != "true" || res.JSON(m.t)["id"] != m.req[name] {
		m.t.Fatalf("replay %s: got %d %v %s, want 201 replayed with id %s", name, res.Status, res.Headers, res.Body, m.req[name])
	}
}

// request reads a named request.
func (m *month) request(name string) map[string]any {
	m.t.Helper()
	res, _ := m.c.send(m.t, apitest.Fulfiller, "GET", "/v1/requests/"+m.req[name], "")
	if res.Status != 200 {
		m.t.Fatalf("read %s: got %d\n%s", name, res.Status, res.Body)
	}
	return res.JSON(m.t)
}

// settled checks that a write was answered with status want, or that an
// earlier attempt of it may have landed, the API now says it is already
// done (code done), and the request as it stands confirms it.
func (m *month) settled(what, name string, res apitest.Response, ambiguous bool, want int, done string, confirm func(map[string]any) bool) {
	m.t.Helper()
	switch {
	case res.Status == want && confirm(res.JSON(m.t)):
	case ambiguous && res.Status == 409 && problemCode(res) == done && confirm(m.request(name)):
	default:
		m.t.Fatalf("%s %s: got %d, want %d (ambiguous %v)\n%s", what, name, res.Status, want, ambiguous, res.Body)
	}
}

// act sends a lifecycle action; the request must end up in status.
func (m *month) act(who apitest.Caller, name, action, body, status string) {
	m.t.Helper()
	m.tick()
	res, ambiguous := m.c.send(m.t, who, "POST", "/v1/requests/"+m.req[name]+"/"+action, body)
	m.settled(action, name, res, ambiguous, 200, "invalid_transition", func(r map[string]any) bool { return r["status"] == status })
}

// patch changes a request's quantity if it is still at version.
func (m *month) patch(dept, name string, version int, quantity string) {
	m.t.Helper()
	m.tick()
	res, ambiguous := m.c.send(m.t, requester(dept), "PATCH", "/v1/requests/"+m.req[name], `{"quantity":"`+quantity+`"}`, "If-Match", fmt.Sprintf(`"%d"`, version))
	m.settled("patch", name, res, ambiguous, 200, "version_mismatch", func(r map[string]any) bool {
		return r["quantity"] == quantity && r["version"] == float64(version+1)
	})
}

// survey rates a request once.
func (m *month) survey(dept, name string, score int) {
	m.t.Helper()
	m.tick()
	res, ambiguous := m.c.send(m.t, requester(dept), "POST", "/v1/requests/"+m.req[name]+"/survey", fmt.Sprintf(`{"score":%d,"comment":"scripted"}`, score))
	m.settled("survey", name, res, ambiguous, 201, "survey_exists", func(r map[string]any) bool {
		if sv, ok := r["survey"].(map[string]any); ok {
			return sv["score"] == float64(score) // the survey itself, or the request's
		}
		return r["score"] == float64(score)
	})
}

// adjust posts an adjustment with an Idempotency-Key; again, it sends it
// once more and must get the same line back.
func (m *month) adjust(key, body string, again bool) {
	m.t.Helper()
	m.tick()
	sends, first := 1, ""
	if again {
		sends = 2
	}
	for range sends {
		res, _ := m.c.send(m.t, apitest.Finance, "POST", "/v1/adjustments", body, "Idempotency-Key", key)
		if res.Status != 201 {
			m.t.Fatalf("adjustment %s: got %d\n%s", key, res.Status, res.Body)
		}
		id := res.JSON(m.t)["line_id"].(string)
		if first == "" {
			first = id
			m.ids = append(m.ids, strings.TrimSuffix(id, "-adjustment"))
		} else if id != first {
			m.t.Fatalf("adjustment %s sent again: got line %s, want %s", key, id, first)
		}
	}
}

// checksum matches a statement's checksum.
var checksum = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// read GETs target and keeps its body under name, with every id the script
// made replaced by its place in the script (ids are random; places are
// not). A statement's checksum must be that of its CSV as served (csv),
// and is then kept as "verified".
func (m *month) read(name string, who apitest.Caller, target, csv string) string {
	m.t.Helper()
	res, _ := m.c.send(m.t, who, "GET", target, "")
	if res.Status != 200 {
		m.t.Fatalf("%s: got %d\n%s", target, res.Status, res.Body)
	}
	body := res.Body
	if sum := checksum.FindString(body); sum != "" {
		raw := sha256.Sum256([]byte(csv))
		if want := "sha256:" + hex.EncodeToString(raw[:]); sum != want {
			m.t.Errorf("%s: checksum %s, want %s (of the CSV as served)", target, sum, want)
		}
		body = checksum.ReplaceAllString(body, "sha256:verified")
	}
	for i, id := range m.ids {
		body = strings.ReplaceAll(body, id, fmt.Sprintf("ID%03d", i+1))
	}
	m.out[name] = body
	return res.Body
}

// readAll reads what finance and leadership read of March (and April's
// preview) at stage, and every request as it stands.
func (m *month) readAll(stage string) {
	m.t.Helper()
	for _, d := range scriptDepts {
		csv := m.read(stage+" csv "+d, apitest.Finance, "/v1/statements/2026-03/"+d+"?format=csv", "")
		m.read(stage+" statement "+d, apitest.Finance, "/v1/statements/2026-03/"+d, csv)
	}
	m.read(stage+" month", apitest.Finance, "/v1/statements/2026-03", "")
	m.read(stage+" period", apitest.Finance, "/v1/periods/2026-03", "")
	m.read(stage+" services", apitest.Leadership, "/v1/reports/services?from=2026-03&to=2026-03", "")
	m.read(stage+" services csv", apitest.Leadership, "/v1/reports/services?from=2026-03&to=2026-03&format=csv", "")
	m.read(stage+" departments", apitest.Leadership, "/v1/reports/departments?from=2026-03&to=2026-03", "")
	if stage != "closed" {
		return
	}
	m.read("journal", apitest.Finance, "/v1/statements/2026-03/journal", "")
	for _, d := range scriptDepts {
		m.read("april "+d, apitest.Finance, "/v1/statements/2026-04/"+d, "")
	}
	for name, id := range m.req {
		m.read("request "+name, apitest.Fulfiller, "/v1/requests/"+id, "")
	}
}

// script runs a month of six departments' activity, March 2026: creates
// (each sent with a key, some sent twice), a change, approvals, one-time,
// hourly and monthly fulfilments, a cancellation, scheduled ends, surveys,
// adjustments (some sent twice) and the close on April 2nd; then reads it.
func (m *month) script() {
	m.at(2, 9)
	for i, d := range scriptDepts {
		accounts := fmt.Sprintf(`{"service_id":"ehr-user-account","quantity":%d}`, i+2)
		m.create(d+"/accounts", d, accounts)
		m.replay(d+"/accounts", d, accounts)
		m.create(d+"/licences", d, fmt.Sprintf(`{"service_id":"productivity-licence","quantity":%d}`, 10+i))
		m.create(d+"/support", d, `{"service_id":"after-hours-support","quantity":2}`)
		m.create(d+"/workstation", d, `{"service_id":"clinical-workstation","quantity":1,"note":"reading room"}`)
		m.create(d+"/extract", d, `{"service_id":"data-extract","quantity":1}`)
		m.patch(d, d+"/workstation", 1, "2")
	}
	for _, d := range scriptDepts {
		m.act(apitest.Fulfiller, d+"/accounts", "approve", "", "approved")
		m.act(apitest.Fulfiller, d+"/workstation", "approve", "", "approved")
		m.act(requester(d), d+"/extract", "cancel", `{"reason":"no longer needed"}`, "cancelled")
	}
	m.at(3, 8)
	for i, d := range scriptDepts {
		m.act(apitest.Fulfiller, d+"/accounts", "fulfill", "", "fulfilled")
		m.act(apitest.Fulfiller, d+"/support", "fulfill", fmt.Sprintf(`{"quantity":"%d.25"}`, 2+i%3), "fulfilled")
		m.act(apitest.Fulfiller, d+"/licences", "fulfill", "", "fulfilled")
	}
	m.at(9, 10)
	for i, d := range scriptDepts {
		m.act(apitest.Fulfiller, d+"/workstation", "start", "", "in_progress")
		m.act(apitest.Fulfiller, d+"/workstation", "fulfill", "", "fulfilled")
		m.create(d+"/vpn", d, fmt.Sprintf(`{"service_id":"vpn-access","quantity":%d}`, 1+i))
		m.act(apitest.Fulfiller, d+"/vpn", "approve", "", "approved")
		m.act(apitest.Fulfiller, d+"/vpn", "fulfill", "", "fulfilled")
		m.survey(d, d+"/accounts", 1+i%5)
		m.survey(d, d+"/support", 5-i%3)
	}
	m.at(16, 9)
	for i, d := range scriptDepts {
		m.act(requester(d), d+"/licences", "end", `{"ended_at":"2026-03-25T00:00:00Z"}`, "ended")
		m.survey(d, d+"/licences", 2+i%4)
		m.survey(d, d+"/workstation", 4)
		m.adjust("downtime-"+d, fmt.Sprintf(`{"department":%q,"month":"2026-03","amount":"-%d.50","description":"credit for downtime","service_id":"productivity-licence"}`, d, 3+i), i%2 == 0)
	}
	m.at(27, 15)
	for i, d := range scriptDepts {
		m.adjust("cabling-"+d, fmt.Sprintf(`{"department":%q,"month":"2026-03","amount":"%d.17","description":"cabling","request_id":%q}`, d, 10+i, m.req[d+"/accounts"]), false)
	}
	m.at(31, 12)
	m.readAll("open")
	m.e.Clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	for range 2 {
		res, _ := m.c.send(m.t, apitest.Finance, "POST", "/v1/periods/2026-03/close", "")
		if res.Status != 200 {
			m.t.Fatalf("close: got %d\n%s", res.Status, res.Body)
		}
	}
	m.readAll("closed")
}

// checkClosed checks that the month the script closed has what the script
// made (so that runs that agree agree on something): six closed statements
// with every kind of line, and a journal row for each and the recovery.
// It returns the month's total.
func (m *month) checkClosed() string {
	m.t.Helper()
	var month struct {
		Status, Total string
		Items         []struct{ Department string }
	}
	if err := json.Unmarshal([]byte(m.out["closed month"]), &month); err != nil {
		m.t.Fatal(err)
	}
	if month.Status != "closed" || len(month.Items) != len(scriptDepts) {
		m.t.Errorf("closed month: got %s, want closed with %d statements", m.out["closed month"], len(scriptDepts))
	}
	for _, d := range scriptDepts {
		for _, kind := range []string{"charge", "recurring", "sla_credit", "adjustment"} {
			if !strings.Contains(m.out["closed csv "+d], ","+kind+",") {
				m.t.Errorf("%s's statement has no %s line:\n%s", d, kind, m.out["closed csv "+d])
			}
		}
	}
	if rows := strings.Count(m.out["journal"], "\n"); rows != 1+len(scriptDepts)+1 {
		m.t.Errorf("journal: got %d rows, want a header, %d debits and the credit:\n%s", rows, len(scriptDepts), m.out["journal"])
	}
	return month.Total
}

// runMonth runs the script on e through a careful client that loses the
// given share of answers.
func runMonth(t *testing.T, e *apitest.Env, seed uint64, lose float64) *month {
	t.Helper()
	m := &month{t: t, e: e, c: &careful{e: e, rng: rand.New(rand.NewPCG(seed, 1)), lose: lose}, req: map[string]string{}, out: map[string]string{}}
	m.script()
	return m
}

// TestAMonthUnderFaultsEndsAsWithout runs the scripted month on a table
// without faults, then (side by side) on tables where a share of DynamoDB
// calls fail, throttled, conflicting, 500 or timing out before or after
// landing, and the client loses a twentieth of the answers: a tenth of the
// calls for a few seeds outside the SDK's retries and one inside, and
// three tenths for one seed, enough to run the store out of retries now
// and then. Every statement and its CSV, the month, the period, the
// journal, the reports, April's previews and every request must read the
// same, byte for byte.
func TestAMonthUnderFaultsEndsAsWithout(t *testing.T) {
	start := time.Now()
	want := runMonth(t, newFaultEnv(t), 0, 0)
	t.Logf("without faults: %d calls, March closed at %s, in %v", want.c.sent, want.checkClosed(), time.Since(start).Round(time.Millisecond))
	cases := []struct {
		name   string
		seed   uint64
		rate   float64
		inside bool
	}{
		{"outside 10% seed 1", 1, 0.10, false},
		{"outside 10% seed 2", 2, 0.10, false},
		{"outside 10% seed 11", 11, 0.10, false},
		{"inside 10% seed 14", 14, 0.10, true},
		{"outside 30% seed 5", 5, 0.30, false},
	}
	injected := make([]*faulttest.Injector, len(cases))
	t.Run("faults", func(t *testing.T) {
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				start := time.Now()
				inj := faulttest.New(tc.seed, tc.rate)
				injected[i] = inj
				place := []func(*dynamodb.Options){inj.Outside}
				if tc.inside {
					place = []func(*dynamodb.Options){inj.Inside, faulttest.QuickRetries}
				}
				got := runMonth(t, newFaultEnv(t, place...), tc.seed, 0.05)
				if diff := cmp.Diff(want.out, got.out); diff != "" {
					t.Errorf("the month under faults reads differently (-without +with):\n%s", diff)
				}
				calls, faults := inj.Total()
				if share := float64(faults) / float64(calls); share < tc.rate/2 || share > tc.rate*1.5 {
					t.Errorf("got %s, want about %.0f%% of the calls to fail", inj, 100*tc.rate)
				}
				t.Logf("%s; client: %d calls, %d answered 503, %d answers lost; %v",
					inj, got.c.sent, got.c.unavailable, got.c.lost, time.Since(start).Round(time.Millisecond))
			})
		}
	})
	for _, k := range faulttest.AllKinds {
		n := 0
		for _, inj := range injected {
			if inj != nil {
				n += inj.Injected(k)
			}
		}
		if n == 0 {
			t.Errorf("no %s fault was injected in any run", k)
		}
	}
}

// snapshot is every item of the table, one JSON line each, in order.
func snapshot(t *testing.T, e *apitest.Env) []string {
	t.Helper()
	out, err := e.Client.Scan(context.Background(), &dynamodb.ScanInput{TableName: &e.Table, ConsistentRead: aws.Bool(true)})
	if err != nil || out.LastEvaluatedKey != nil {
		t.Fatalf("scan: %v (a test table fits one page)", err)
	}
	var items []map[string]any
	if err := attributevalue.UnmarshalListOfMaps(out.Items, &items); err != nil {
		t.Fatal(err)
	}
	lines := make([]string, len(items))
	for i, it := range items {
		b, _ := json.Marshal(it)
		lines[i] = string(b)
	}
	slices.Sort(lines)
	return lines
}

// count is how many items of type kind a snapshot holds.
func count(snapshot []string, kind string) int {
	n := 0
	for _, l := range snapshot {
		if strings.Contains(l, `"type":"`+kind+`"`) {
			n++
		}
	}
	return n
}

// TestAWriteOutOfRetriesIsWholeOrNothing makes every try at a commit fail
// (reads pass): with faults after which nothing landed, and with timeouts
// after every try landed. Either way the call answers 503 with
// Retry-After, and the table holds the whole write or none of it; the
// client's retry once storage is back lands it exactly once. A write that
// conflicts on every try answers 409 and writes nothing. A write whose
// first try landed but whose answer was lost is answered by the store's
// next try as done, not as a conflict with itself.
func TestAWriteOutOfRetriesIsWholeOrNothing(t *testing.T) {
	scanners := `{"service_id":"barcode-scanner","quantity":2}`
	create := func(t *testing.T, e *apitest.Env) (string, string, []string) {
		return "/v1/requests", scanners, []string{"Idempotency-Key", "scanners"}
	}
	fulfil := func(t *testing.T, e *apitest.Env) (string, string, []string) {
		return "/v1/requests/" + e.Create(t, apitest.Radiology, scanners)["id"].(string) + "/fulfill", "", nil
	}
	credit := `{"department":"radiology","month":"2026-03","amount":"-4.00","description":"credit"}`
	adjust := func(t *testing.T, e *apitest.Env) (string, string, []string) {
		return "/v1/adjustments", credit, []string{"Idempotency-Key", "credit"}
	}
	adjustWithoutKey := func(t *testing.T, e *apitest.Env) (string, string, []string) { return "/v1/adjustments", credit, nil }
	unavailable := []faulttest.Kind{faulttest.Throughput, faulttest.Throttling, faulttest.ServerError, faulttest.TimeoutBefore}
	after := []faulttest.Kind{faulttest.TimeoutAfter}
	conflict := []faulttest.Kind{faulttest.Conflict}
	type answer struct {
		status int
		code   string
	}
	for _, tc := range []struct {
		name   string
		who    apitest.Caller
		write  func(*testing.T, *apitest.Env) (target, body string, headers []string)
		kinds  []faulttest.Kind
		limit  int    // faults in all; 0: every try fails
		first  answer // the answer while the faults last
		tries  int    // how many tries the store made
		landed bool
		retry  answer // once storage is back (none when 0)
		// what the table holds in the end
		requests, lines int
	}{
		{"create, nothing lands", apitest.Radiology, create, unavailable, 0, answer{503, "unavailable"}, 4, false, answer{201, ""}, 1, 0},
		{"create lands, no answer", apitest.Radiology, create, after, 0, answer{503, "unavailable"}, 4, true, answer{201, ""}, 1, 0},
		{"create lands, first answer lost", apitest.Radiology, create, after, 1, answer{201, ""}, 1, true, answer{201, ""}, 1, 0},
		{"create conflicts", apitest.Radiology, create, conflict, 0, answer{409, "idempotency_in_progress"}, 4, false, answer{201, ""}, 1, 0},
		{"fulfil, nothing lands", apitest.Fulfiller, fulfil, unavailable, 0, answer{503, "unavailable"}, 4, false, answer{200, ""}, 1, 1},
		{"fulfil lands, no answer", apitest.Fulfiller, fulfil, after, 0, answer{503, "unavailable"}, 4, true, answer{409, "invalid_transition"}, 1, 1},
		{"fulfil lands, first answer lost", apitest.Fulfiller, fulfil, after, 1, answer{200, ""}, 1, true, answer{409, "invalid_transition"}, 1, 1},
		{"fulfil conflicts", apitest.Fulfiller, fulfil, conflict, 0, answer{409, "write_conflict"}, 16, false, answer{200, ""}, 1, 1},
		{"adjustment, nothing lands", apitest.Finance, adjust, unavailable, 0, answer{503, "unavailable"}, 4, false, answer{201, ""}, 0, 1},
		{"adjustment lands, no answer", apitest.Finance, adjust, after, 0, answer{503, "unavailable"}, 4, true, answer{201, ""}, 0, 1},
		{"adjustment without a key lands, first answer lost", apitest.Finance, adjustWithoutKey, after, 1, answer{201, ""}, 1, true, answer{}, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inj := faulttest.New(1, 0, tc.kinds...).OnlyOn("TransactWriteItems", "PutItem").Limit(tc.limit)
			e := newFaultEnv(t, inj.Outside)
			target, body, headers := tc.write(t, e)
			before := snapshot(t, e)
			inj.SetRate(1)
			res := e.Do(t, tc.who, "POST", target, body, headers...)
			if got := (answer{res.Status, problemCode(res)}); got != tc.first {
				t.Fatalf("first call: got %v %s, want %v", got, res.Body, tc.first)
			}
			if retryAfter := res.Headers["Retry-After"] != ""; retryAfter != (res.Status == 503) {
				t.Errorf("Retry-After: got %q on a %d", res.Headers["Retry-After"], res.Status)
			}
			if _, faults := inj.Total(); faults != tc.tries {
				t.Errorf("got %s, want %d tries", inj, tc.tries)
			}
			failed := snapshot(t, e)
			if landed := !cmp.Equal(before, failed); landed != tc.landed {
				t.Errorf("landed: got %v, want %v (-before +after the failed call):\n%s", landed, tc.landed, cmp.Diff(before, failed))
			}
			inj.SetRate(0)
			if tc.retry.status != 0 {
				res = e.Do(t, tc.who, "POST", target, body, headers...)
				if got := (answer{res.Status, problemCode(res)}); got != tc.retry {
					t.Fatalf("retry: got %v %s, want %v", got, res.Body, tc.retry)
				}
				if replayed := res.Headers["Idempotent-Replayed"] == "true"; replayed != (tc.landed && res.Status == 201) {
					t.Errorf("retry replayed: got %v, want %v", replayed, !replayed)
				}
			}
			end := snapshot(t, e)
			if tc.landed && !cmp.Equal(failed, end) {
				t.Errorf("the retry wrote again (-after the failed call +after the retry):\n%s", cmp.Diff(failed, end))
			}
			if requests, lines := count(end, "request"), count(end, "line"); requests != tc.requests || lines != tc.lines {
				t.Errorf("in the end: got %d requests and %d lines, want %d and %d\n%s", requests, lines, tc.requests, tc.lines, strings.Join(end, "\n"))
			}
		})
	}
}
