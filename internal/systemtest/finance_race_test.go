package systemtest

import (
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/apitest"
	"chargeback/internal/billing"
	"chargeback/internal/httpapi"
)

// dec reads a decimal string from a response.
func dec(t testing.TB, v any) decimal.Decimal {
	t.Helper()
	s, ok := v.(string)
	if !ok {
		t.Fatalf("got %v (%T), want a decimal string", v, v)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("got %q, want a decimal string", s)
	}
	return d
}

// closedMonth is what a closed month serves: every body by target, and
// each statement's lines by department.
type closedMonth struct {
	bodies map[string]string
	lines  map[string][]map[string]any
	total  decimal.Decimal
}

// readClosedMonth reads a closed month's period, list, statements (JSON and
// CSV), a statement without activity and the journal, and checks that they
// agree: each statement's total is the sum of its lines and its checksum
// that of its CSV; the month's total is the sum of the statements and the
// period's total; the journal balances, its department rows net to the
// month's total and IT recovers exactly that total.
func readClosedMonth(t testing.TB, e *apitest.Env, month string) closedMonth {
	t.Helper()
	out := closedMonth{bodies: map[string]string{}, lines: map[string][]map[string]any{}}
	get := func(target string) apitest.Response {
		t.Helper()
		res := e.Do(t, apitest.Finance, "GET", target, "")
		if res.Status != 200 {
			t.Fatalf("GET %s: got %d, want 200\n%s", target, res.Status, res.Body)
		}
		out.bodies[target] = res.Body
		return res
	}
	period := get("/v1/periods/" + month).JSON(t)
	if period["status"] != "closed" {
		t.Fatalf("period %s: got %v, want closed", month, period["status"])
	}
	list := get("/v1/statements/" + month).JSON(t)
	out.total = dec(t, list["total"])
	if !out.total.Equal(dec(t, period["total"])) {
		t.Errorf("%s: month total %v, period total %v, want equal", month, list["total"], period["total"])
	}
	sum := decimal.Zero
	for _, it := range list["items"].([]any) {
		item := it.(map[string]any)
		dept := item["department"].(string)
		target := "/v1/statements/" + month + "/" + dept
		st := get(target).JSON(t)
		csvBody := get(target + "?format=csv").Body
		lineSum := decimal.Zero
		for _, l := range st["lines"].([]any) {
			line := l.(map[string]any)
			out.lines[dept] = append(out.lines[dept], line)
			lineSum = lineSum.Add(dec(t, line["amount"]))
		}
		total := dec(t, st["total"])
		if !lineSum.Equal(total) || !total.Equal(dec(t, item["total"])) {
			t.Errorf("%s: lines sum to %s, statement total %s, list total %v; want all equal", target, lineSum, total, item["total"])
		}
		if n := len(out.lines[dept]); float64(n) != item["lines"] {
			t.Errorf("%s: got %d lines, the list says %v", target, n, item["lines"])
		}
		if st["status"] != "closed" || item["status"] != "closed" {
			t.Errorf("%s: got status %v (list %v), want closed", target, st["status"], item["status"])
		}
		if want := billing.Checksum([]byte(csvBody)); st["checksum"] != want {
			t.Errorf("%s: checksum %v, want %s (of the CSV as served)", target, st["checksum"], want)
		}
		sum = sum.Add(total)
	}
	if !sum.Equal(out.total) {
		t.Errorf("%s: statements sum to %s, month total %s", month, sum, out.total)
	}
	get("/v1/statements/" + month + "/surgery")
	checkJournal(t, get("/v1/statements/"+month+"/journal").Body, out.total)
	return out
}

// checkJournal checks that a journal balances, that its department rows
// net to the month's total and that IT recovers that total.
func checkJournal(t testing.TB, body string, total decimal.Decimal) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("journal: %v\n%s", err, body)
	}
	cell := func(s string) decimal.Decimal {
		if s == "" {
			return decimal.Zero
		}
		return dec(t, s)
	}
	debits, credits, departments := decimal.Zero, decimal.Zero, decimal.Zero
	last := rows[len(rows)-1]
	for _, r := range rows[1:] {
		debits, credits = debits.Add(cell(r[4])), credits.Add(cell(r[5]))
		if r[3] == apitest.Config().JournalExpenseAccount {
			departments = departments.Add(cell(r[4])).Sub(cell(r[5]))
		}
	}
	if !debits.Equal(credits) {
		t.Errorf("journal: debits %s, credits %s, want equal", debits, credits)
	}
	if recovered := cell(last[5]).Sub(cell(last[4])); last[3] != apitest.Config().JournalRecoveryAccount || !recovered.Equal(total) || !departments.Equal(total) {
		t.Errorf("journal: departments net %s, IT recovers %s (%v), want both %s", departments, recovered, last, total)
	}
}

// checkCharged checks that each request's charges of the month are on
// its department's statement exactly once, and that every line naming a
// request is one of that request's charges.
func checkCharged(t testing.TB, e *apitest.Env, month string, got closedMonth, requests map[string]string) {
	t.Helper()
	where := map[string][]string{} // line id → departments it is on
	for dept, lines := range got.lines {
		for _, l := range lines {
			id := l["line_id"].(string)
			where[id] = append(where[id], dept)
			if r, ok := l["request_id"].(string); ok && l["kind"] != "adjustment" && requests[r] != dept {
				t.Errorf("%s line %s names request %s of %q, but is on %s's statement", month, id, r, requests[r], dept)
			}
		}
	}
	for id, dept := range requests {
		charged := 0
		for _, c := range e.Must(t, 200, apitest.Finance, "GET", "/v1/requests/"+id, "")["charges"].([]any) {
			charge := c.(map[string]any)
			if charge["month"] != month {
				continue
			}
			charged++
			if on := where[charge["line_id"].(string)]; !slices.Equal(on, []string{dept}) {
				t.Errorf("%s charge %s of %s: on statements %v, want exactly once on %s", month, charge["line_id"], id, on, dept)
			}
		}
		for _, lines := range got.lines {
			for _, l := range lines {
				if l["request_id"] == id && l["kind"] != "adjustment" {
					charged--
				}
			}
		}
		if charged != 0 {
			t.Errorf("%s request %s: charges and statement lines differ by %d", month, id, charged)
		}
	}
}

// TestAMonthAddsUpAndStaysClosed: a month with several departments,
// subscriptions (one late, one with a scheduled end) and adjustments (one
// department in credit) adds up on every view, and after later
// fulfilments, adjustments, scheduled ends and the next month's close,
// serves exactly the same bytes.
func TestAMonthAddsUpAndStaysClosed(t *testing.T) {
	e := apitest.NewEnv(t) // 2026-03-02 09:00
	requests := map[string]string{}
	file := func(who apitest.Caller, body string) string {
		r := e.Create(t, who, body)
		requests[r["id"].(string)] = r["department"].(string)
		return r["id"].(string)
	}
	lic := file(apitest.Radiology, `{"service_id": "ehr-licence", "quantity": 2}`)
	scan := file(apitest.Radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)
	late := file(apitest.Radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)
	vpn := file(apitest.Pharmacy, `{"service_id": "vpn-access", "quantity": 10}`)
	rep := file(apitest.Pharmacy, `{"service_id": "report-development", "quantity": 4}`)
	backup := file(apitest.Emergency, `{"service_id": "backup-storage", "quantity": 3}`)
	for _, id := range []string{lic, vpn, rep} {
		e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/approve", "")
	}
	e.Clock.Set(time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC))
	fulfil := map[string]string{
		lic:    `{"fulfilled_at": "2026-03-16T09:00:00Z"}`,
		scan:   `{"fulfilled_at": "2026-03-03T09:00:00Z"}`,
		vpn:    `{"fulfilled_at": "2026-03-02T20:00:00Z"}`,
		rep:    `{"quantity": 3.25, "fulfilled_at": "2026-03-05T09:00:00Z"}`,
		backup: `{"fulfilled_at": "2026-03-02T12:00:00Z"}`,
	}
	for id, body := range fulfil {
		e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", body)
	}
	e.Must(t, 200, apitest.Emergency, "POST", "/v1/requests/"+backup+"/end", `{"ended_at": "2026-03-21T00:00:00Z"}`)
	e.Must(t, 201, apitest.Finance, "POST", "/v1/adjustments", `{"department": "pharmacy", "month": "2026-03", "amount": "25.00", "description": "VPN true-up", "service_id": "vpn-access"}`)
	e.Must(t, 201, apitest.Finance, "POST", "/v1/adjustments", `{"department": "laboratory", "month": "2026-03", "amount": "-40.00", "description": "Credit for the LIS outage"}`)

	// radiology:  ehr-licence 2 × 89.50 × 16/31 (Mar 16 to Apr 1) = 2864/31 = 92.387… → 92.39,
	//             late (48 h): −round2(92.39 × 5%) = −4.6195 → −4.62; barcode 289.00 in its SLA.
	//             92.39 − 4.62 + 289.00 = 376.77
	// pharmacy:   vpn-access 10 × 4.50 × 30/31 (Mar 2 to Apr 1) = 1350/31 = 43.548… → 43.55, in its SLA;
	//             report-development 3.25 h × 110.00 = 357.50; adjustment 25.00. 426.05
	// laboratory: adjustment −40.00
	// emergency:  backup-storage 3 × 38.00 × 19/31 (Mar 2 to Mar 21) = 2166/31 = 69.870… → 69.87
	// month:      376.77 + 426.05 − 40.00 + 69.87 = 832.69
	want := map[string]string{"radiology": "376.77", "pharmacy": "426.05", "laboratory": "-40.00", "emergency": "69.87"}
	for dept, total := range want {
		if got := e.Must(t, 200, apitest.Finance, "GET", "/v1/statements/2026-03/"+dept, "")["total"]; got != total {
			t.Errorf("open %s: got %v, want %s", dept, got, total)
		}
	}
	e.Clock.Set(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	if p := e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/2026-03/close", ""); p["total"] != "832.69" {
		t.Fatalf("March close: got total %v, want 832.69", p["total"])
	}
	march := readClosedMonth(t, e, "2026-03")
	for dept, total := range want {
		if got := e.Must(t, 200, apitest.Finance, "GET", "/v1/statements/2026-03/"+dept, "")["total"]; got != total {
			t.Errorf("closed %s: got %v, want %s", dept, got, total)
		}
	}
	// Debits 376.77 + 426.05 + 69.87 = 872.69 = credits 40.00 (laboratory) + 832.69 (IT).
	wantJournal := "date,journal_id,cost_center,account,debit,credit,description\n" +
		"2026-03-31,CB-2026-03,CC-4100,6400,376.77,,IT chargeback 2026-03 Radiology\n" +
		"2026-03-31,CB-2026-03,CC-4200,6400,426.05,,IT chargeback 2026-03 Pharmacy\n" +
		"2026-03-31,CB-2026-03,CC-4300,6400,,40.00,IT chargeback 2026-03 Laboratory\n" +
		"2026-03-31,CB-2026-03,CC-4400,6400,69.87,,IT chargeback 2026-03 Emergency Department\n" +
		"2026-03-31,CB-2026-03,CC-IT,6490,,832.69,IT chargeback 2026-03 recovery\n"
	if got := march.bodies["/v1/statements/2026-03/journal"]; got != wantJournal {
		t.Errorf("journal: got\n%s\nwant\n%s", got, wantJournal)
	}
	checkCharged(t, e, "2026-03", march, requests)

	// Later: a late fulfilment and an adjustment into March are refused;
	// into April they land. Scheduled ends, then April closes.
	e.Clock.Set(time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC))
	apitest.MustCode(t, e.Do(t, apitest.Fulfiller, "POST", "/v1/requests/"+late+"/fulfill", `{"fulfilled_at": "2026-03-31T12:00:00Z"}`), 409, "period_closed")
	apitest.MustCode(t, e.Do(t, apitest.Finance, "POST", "/v1/adjustments", `{"department": "laboratory", "month": "2026-03", "amount": "10.00", "description": "late"}`), 409, "period_closed")
	apitest.MustCode(t, e.Do(t, apitest.Pharmacy, "POST", "/v1/requests/"+vpn+"/end", `{"ended_at": "2026-03-25T00:00:00Z"}`), 409, "period_closed")
	e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+late+"/fulfill", "")
	e.Must(t, 201, apitest.Finance, "POST", "/v1/adjustments", `{"department": "laboratory", "month": "2026-04", "amount": "10.00", "description": "Correction of the March outage credit"}`)
	e.Must(t, 200, apitest.Radiology, "POST", "/v1/requests/"+lic+"/end", `{"ended_at": "2026-05-15T00:00:00Z"}`)
	e.Must(t, 200, apitest.Pharmacy, "POST", "/v1/requests/"+vpn+"/end", `{"ended_at": "2026-04-10T00:00:00Z"}`)
	e.Clock.Set(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC))
	// radiology:  ehr-licence 2 × 89.50 × 30/30 = 179.00; late barcode 289.00, fulfilled
	//             Apr 1 10:00 against a 72 h SLA from Mar 2: −round2(289.00 × 5%) = −14.45
	// pharmacy:   vpn-access 10 × 4.50 × 9/30 (Apr 1 to Apr 10) = 13.50
	// laboratory: 10.00
	// April:      179.00 + 289.00 − 14.45 + 13.50 + 10.00 = 477.05
	if p := e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/2026-04/close", ""); p["total"] != "477.05" {
		t.Errorf("April close: got total %v, want 477.05", p["total"])
	}
	april := readClosedMonth(t, e, "2026-04")
	checkCharged(t, e, "2026-04", april, requests)

	again := readClosedMonth(t, e, "2026-03")
	for target, body := range march.bodies {
		if again.bodies[target] != body {
			t.Errorf("%s changed after March closed:\nbefore %s\nafter  %s", target, body, again.bodies[target])
		}
	}
	if len(again.bodies) != len(march.bodies) {
		t.Errorf("March serves %d bodies, before %d", len(again.bodies), len(march.bodies))
	}
}

// raceOutcome is one call of a race and its answer.
type raceOutcome struct {
	kind, id, dept, desc string
	res                  apitest.Response
}

// TestCloseRacesLateFulfilmentsAndAdjustments races each month's close
// against fulfilments dated in it (one-time and subscriptions) and
// adjustments into it. Each write either landed (2xx) and is on the
// frozen statement, or was refused as period_closed and left nothing.
func TestCloseRacesLateFulfilmentsAndAdjustments(t *testing.T) {
	e := apitest.NewEnv(t)
	e.Clock.Set(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	depts := []apitest.Caller{apitest.Radiology, apitest.Pharmacy}
	type pending struct{ id, dept, kind string }
	rounds := map[string][]pending{}
	months := []string{"2026-01", "2026-02", "2026-03"}
	for _, m := range months {
		for i := range 6 {
			who := depts[i%2]
			r := e.Create(t, who, `{"service_id": "barcode-scanner", "quantity": 1}`)
			rounds[m] = append(rounds[m], pending{r["id"].(string), who["department"], "charge"})
		}
		for i := range 3 {
			who := depts[i%2]
			id := e.Create(t, who, `{"service_id": "vpn-access", "quantity": 2}`)["id"].(string)
			e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/approve", "")
			rounds[m] = append(rounds[m], pending{id, who["department"], "subscription"})
		}
	}
	// Fulfilled on the month's last day at noon, created Jan 5 09:00: late
	// for both services. barcode: 289.00 and −round2(289.00 × 5%) = −14.45.
	// vpn-access, one day: 2 × 4.50 × 1/31 = 0.290… → 0.29 (January, March)
	// or 2 × 4.50 × 1/28 = 0.321… → 0.32 (February); credit
	// −round2(0.29 × 10%) = −0.029 → −0.03, and −round2(0.032) = −0.03.
	oneDay := map[string]string{"2026-01": "0.29", "2026-02": "0.32", "2026-03": "0.29"}
	for round, m := range months {
		t.Run(m, func(t *testing.T) {
			month, _ := billing.ParseMonth(m)
			lastNoon := month.End(time.UTC).Add(-12 * time.Hour).Format(time.RFC3339)
			e.Clock.Set(month.End(time.UTC).Add(9 * time.Hour))
			var calls []func() raceOutcome
			for _, p := range rounds[m] {
				calls = append(calls, func() raceOutcome {
					return raceOutcome{kind: p.kind, id: p.id, dept: p.dept,
						res: e.Do(t, apitest.Fulfiller, "POST", "/v1/requests/"+p.id+"/fulfill", `{"fulfilled_at": "`+lastNoon+`"}`)}
				})
			}
			for i := range 6 {
				dept := depts[i%2]["department"]
				desc := fmt.Sprintf("race %s adjustment %d", m, i)
				body := fmt.Sprintf(`{"department": %q, "month": %q, "amount": "%d.00", "description": %q}`, dept, m, i+1, desc)
				calls = append(calls, func() raceOutcome {
					return raceOutcome{kind: "adjustment", dept: dept, desc: desc, res: e.Do(t, apitest.Finance, "POST", "/v1/adjustments", body)}
				})
			}
			// The writes set off 3 ms apart; the close among them, later
			// each round, so that some writes land before it and some after.
			closeAt := len(calls) / 2
			calls = slices.Insert(calls, closeAt, func() raceOutcome {
				time.Sleep(time.Duration(round*15) * time.Millisecond)
				return raceOutcome{kind: "close", res: e.Do(t, apitest.Finance, "POST", "/v1/periods/"+m+"/close", "")}
			})
			outcomes := make([]raceOutcome, len(calls))
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, c := range calls {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					if i != closeAt {
						time.Sleep(time.Duration(i) * 3 * time.Millisecond)
					}
					outcomes[i] = c()
				}()
			}
			close(start)
			wg.Wait()

			if res := outcomes[closeAt].res; res.Status != 200 || res.JSON(t)["status"] != "closed" {
				t.Fatalf("close: got %d %s, want 200 closed", res.Status, res.Body)
			}
			got := readClosedMonth(t, e, m)
			byID := map[string]map[string]any{}
			byDesc := map[string]map[string]any{}
			for _, lines := range got.lines {
				for _, l := range lines {
					byID[l["line_id"].(string)] = l
					byDesc[l["description"].(string)] = l
				}
			}
			landed := 0
			for _, o := range outcomes {
				if o.kind == "close" {
					continue
				}
				ok := o.res.Status == 200 || o.res.Status == 201
				if !ok && (o.res.Status != 409 || o.res.JSON(t)["code"] != "period_closed") {
					t.Errorf("%s %s%s: got %d %s, want 2xx or 409 period_closed", o.kind, o.id, o.desc, o.res.Status, o.res.Body)
					continue
				}
				if ok {
					landed++
				}
				var want map[string]string // line id → amount when landed
				switch o.kind {
				case "charge":
					want = map[string]string{o.id + "-charge": "289.00", o.id + "-sla-credit": "-14.45"}
				case "subscription":
					want = map[string]string{o.id + "-recurring-" + m: oneDay[m], o.id + "-sla-credit": "-0.03"}
				case "adjustment":
					l, on := byDesc[o.desc]
					if on != ok {
						t.Errorf("adjustment %q: answered %d, on the statement %v", o.desc, o.res.Status, on)
					}
					if ok && (l["line_id"] != o.res.JSON(t)["line_id"] || l["department"] != o.dept) {
						t.Errorf("adjustment %q: on the statement as %v, answered %s", o.desc, l, o.res.Body)
					}
					continue
				}
				for id, amount := range want {
					l, on := byID[id]
					switch {
					case ok && !on:
						t.Errorf("%s %s: fulfilled (%d) but line %s is not on the frozen statement", o.kind, o.id, o.res.Status, id)
					case ok && (l["amount"] != amount || l["department"] != o.dept):
						t.Errorf("line %s: got %v %v, want %s on %s", id, l["amount"], l["department"], amount, o.dept)
					case !ok && on:
						t.Errorf("%s %s: refused but line %s is on the frozen statement", o.kind, o.id, id)
					}
				}
				if !ok {
					r := e.Must(t, 200, apitest.Finance, "GET", "/v1/requests/"+o.id, "")
					if r["status"] != "approved" || len(r["charges"].([]any)) != 0 {
						t.Errorf("refused %s %s: got status %v charges %v, want approved and none", o.kind, o.id, r["status"], r["charges"])
					}
				}
			}
			t.Logf("%s: %d of %d writes landed before the close", m, landed, len(outcomes)-1)
		})
	}
}

// TestConcurrentClosesAgree: five closes of one month at once, each at its
// own clock second, all answer the same close, and every subscription has
// exactly one recurring line in the month.
func TestConcurrentClosesAgree(t *testing.T) {
	e := apitest.NewEnv(t)
	subs := map[string]string{} // request id → department
	for _, who := range []apitest.Caller{apitest.Radiology, apitest.Pharmacy, apitest.Laboratory} {
		for _, svc := range []string{"vpn-access", "backup-storage", "productivity-licence"} {
			id := e.Create(t, who, `{"service_id": "`+svc+`", "quantity": 2}`)["id"].(string)
			if svc == "vpn-access" {
				e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/approve", "")
			}
			e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
			subs[id] = who["department"]
		}
	}
	// Every call to the clock is one second later: no two closes share a now.
	var tick atomic.Int64
	start := time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)
	api := httpapi.New(apitest.Config(), catalog.Load(), e.Store, func() time.Time {
		return start.Add(time.Duration(tick.Add(1)) * time.Second)
	}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	h, routes := api.Handler(""), api.Routes()

	const n = 5
	answers := make([]apitest.Response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = apitest.Call(t, h, routes, apitest.Finance, "POST", "/v1/periods/2026-03/close", "")
		}()
	}
	wg.Wait()
	first := answers[0]
	for i, a := range answers {
		if a.Status != 200 {
			t.Fatalf("close %d: got %d, want 200\n%s", i, a.Status, a.Body)
		}
		if a.Body != first.Body {
			t.Errorf("close %d answered\n%s\nclose 0 answered\n%s", i, a.Body, first.Body)
		}
	}
	p := first.JSON(t)
	stored := e.Must(t, 200, apitest.Finance, "GET", "/v1/periods/2026-03", "")
	if p["status"] != "closed" || stored["closed_at"] != p["closed_at"] || stored["total"] != p["total"] {
		t.Errorf("period: got %v, answered %v", stored, p)
	}
	recurring := map[string]int{}
	for _, dept := range []string{"radiology", "pharmacy", "laboratory"} {
		for _, l := range e.Lines(t, "2026-03", dept) {
			if l.Kind == billing.KindRecurring {
				recurring[l.RequestID]++
				if subs[l.RequestID] != dept {
					t.Errorf("recurring line %s on %s, want %s", l.ID, dept, subs[l.RequestID])
				}
			}
		}
	}
	for id := range subs {
		if recurring[id] != 1 {
			t.Errorf("subscription %s: got %d recurring lines in March, want 1", id, recurring[id])
		}
	}
	if len(recurring) != len(subs) {
		t.Errorf("recurring lines for %d requests, want %d", len(recurring), len(subs))
	}
	readClosedMonth(t, e, "2026-03")
}

// TestScheduledEnd: a subscription's end may be scheduled up to 12 months
// ahead, never into a closed month or before it started; a refused end
// changes nothing, and the closed month stays as it was.
func TestScheduledEnd(t *testing.T) {
	e := apitest.NewEnv(t) // 2026-03-02 09:00
	tests := []struct {
		name, body string
		wantStatus int
		want       string // field or problem code; ended_at when 200
	}{
		{"12 months ahead", `{"ended_at": "2027-04-02T09:00:00Z"}`, 200, "2027-04-02T09:00:00Z"},
		{"12 months and a day ahead", `{"ended_at": "2027-04-03T09:00:00Z"}`, 400, "ended_at"},
		{"12 months and a second ahead", `{"ended_at": "2027-04-02T09:00:01Z"}`, 400, "ended_at"},
		{"next week", `{"ended_at": "2026-04-09T00:00:00Z"}`, 200, "2026-04-09T00:00:00Z"},
		{"now", ``, 200, "2026-04-02T09:00:00Z"},
		{"earlier this month", `{"ended_at": "2026-04-01T12:00:00Z"}`, 200, "2026-04-01T12:00:00Z"},
		{"at the open month's first instant", `{"ended_at": "2026-04-01T00:00:00Z"}`, 200, "2026-04-01T00:00:00Z"},
		{"in the closed month", `{"ended_at": "2026-03-20T00:00:00Z"}`, 409, "period_closed"},
		{"at the closed month's last second", `{"ended_at": "2026-03-31T23:59:59Z"}`, 409, "period_closed"},
		{"before it started", `{"ended_at": "2026-03-02T12:00:00Z"}`, 400, "ended_at"},
		{"not a time", `{"ended_at": "next friday"}`, 400, "ended_at"},
	}
	ids := make([]string, len(tests))
	for i := range tests {
		ids[i] = e.Create(t, apitest.Radiology, `{"service_id": "productivity-licence", "quantity": 1}`)["id"].(string)
	}
	e.Clock.Set(apitest.Now.Add(6 * time.Hour))
	for _, id := range ids {
		e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", `{"fulfilled_at": "2026-03-02T13:00:00Z"}`)
	}
	e.Clock.Set(time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC))
	e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/2026-03/close", "")
	marchCSV := e.Do(t, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "").Body
	e.Clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.Must(t, 200, apitest.Radiology, "GET", "/v1/requests/"+ids[i], "")
			res := e.Do(t, apitest.Radiology, "POST", "/v1/requests/"+ids[i]+"/end", tt.body)
			switch tt.wantStatus {
			case 200:
				if res.Status != 200 {
					t.Fatalf("got %d, want 200\n%s", res.Status, res.Body)
				}
				if got := res.JSON(t); got["status"] != "ended" || got["ended_at"] != tt.want {
					t.Errorf("got status %v ended_at %v, want ended %s", got["status"], got["ended_at"], tt.want)
				}
				return
			case 400:
				apitest.MustField(t, res, tt.want)
			default:
				apitest.MustCode(t, res, tt.wantStatus, tt.want)
			}
			after := e.Must(t, 200, apitest.Radiology, "GET", "/v1/requests/"+ids[i], "")
			if after["status"] != "fulfilled" || after["version"] != before["version"] {
				t.Errorf("a refused end changed the request: got %v v%v, want fulfilled v%v", after["status"], after["version"], before["version"])
			}
		})
	}
	// April, at 23.50 a month: seven still run all month (12 months ahead
	// and the six refused ends): 7 × 23.50 = 164.50; next week runs Apr 1 to
	// Apr 9: 23.50 × 8/30 = 6.266… → 6.27; now runs Apr 1 to Apr 2:
	// 23.50 × 1/30 = 0.783… → 0.78; the two ending on Apr 1: no line.
	// 164.50 + 6.27 + 0.78 = 171.55.
	if got := e.Must(t, 200, apitest.Finance, "GET", "/v1/statements/2026-04/radiology", "")["total"]; got != "171.55" {
		t.Errorf("April preview: got %v, want 171.55", got)
	}
	if got := e.Do(t, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "").Body; got != marchCSV {
		t.Errorf("the closed March CSV changed:\nbefore %s\nafter  %s", marchCSV, got)
	}
}

// TestConcurrentAdjustmentsWithOneKeyPostOneLine: ten retries of one
// adjustment at once, with one Idempotency-Key, all answer the same line,
// and one line is posted.
func TestConcurrentAdjustmentsWithOneKeyPostOneLine(t *testing.T) {
	e := apitest.NewEnv(t)
	const n = 10
	answers := make([]apitest.Response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = e.Do(t, apitest.Finance, "POST", "/v1/adjustments",
				`{"department": "pharmacy", "month": "2026-03", "amount": "-19.99", "description": "Refund of a duplicate order"}`, "Idempotency-Key", "burst")
		}()
	}
	wg.Wait()
	for i, a := range answers {
		if a.Status != 201 || a.Body != answers[0].Body {
			t.Errorf("answer %d: got %d %s, want 201 %s", i, a.Status, a.Body, answers[0].Body)
		}
	}
	lines := e.Lines(t, "2026-03", "pharmacy")
	if len(lines) != 1 || lines[0].ID != answers[0].JSON(t)["line_id"] || lines[0].Amount.StringFixed(2) != "-19.99" {
		t.Errorf("lines: got %+v, want the one answered, of -19.99", lines)
	}
}
