package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"chargeback/catalog"
	"chargeback/internal/apitest"
	"chargeback/internal/billing"
)

// inquiryWorld is an API on DynamoDB Local where Radiology has a one-time
// charge and a subscription in March 2026 (now 2026-03-02) and Pharmacy a
// charge of its own.
type inquiryWorld struct {
	e        *apitest.Env
	charge   string // Radiology's one-time charge line
	monthly  string // Radiology's subscription's recurring line (preview)
	theirs   string // Pharmacy's charge line
	chargeOf string // the charge line's amount
}

func newInquiryWorld(t *testing.T) *inquiryWorld {
	t.Helper()
	e := apitest.NewEnv(t)
	fulfil := func(who apitest.Caller, service string) string {
		id := e.Create(t, who, `{"service_id": "`+service+`", "quantity": 1}`)["id"].(string)
		e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
		return id
	}
	w := &inquiryWorld{e: e}
	w.charge = fulfil(apitest.Radiology, "barcode-scanner") + "-charge"
	w.monthly = fulfil(apitest.Radiology, "secure-clinical-messaging") + "-recurring-2026-03"
	w.theirs = fulfil(apitest.Pharmacy, "barcode-scanner") + "-charge"
	for _, l := range w.statement(t, "2026-03")["lines"].([]any) {
		if l := l.(map[string]any); l["line_id"] == w.charge {
			w.chargeOf = l["amount"].(string)
		}
	}
	return w
}

// statement reads Radiology's statement of month as finance.
func (w *inquiryWorld) statement(t *testing.T, month string) map[string]any {
	t.Helper()
	return w.e.Must(t, 200, apitest.Finance, "GET", "/v1/statements/"+month+"/radiology", "")
}

// ask opens an inquiry about line as Radiology.
func (w *inquiryWorld) ask(t *testing.T, line, extra string) map[string]any {
	t.Helper()
	return w.e.Must(t, 201, apitest.Radiology, "POST", "/v1/inquiries", `{"month": "2026-03", "line_id": "`+line+`", "reason": "not ours"`+extra+`}`)
}

// lineOf finds a line of a statement by id.
func lineOf(st map[string]any, id string) map[string]any {
	for _, l := range st["lines"].([]any) {
		if l := l.(map[string]any); l["line_id"] == id {
			return l
		}
	}
	return nil
}

func TestInquiryCreditLifecycle(t *testing.T) {
	w := newInquiryWorld(t)
	e := w.e
	csvBefore := e.Must(t, 200, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "")
	csvRes := e.Do(t, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "")

	q := w.ask(t, w.charge, `, "amount": "5.00"`)
	if q["status"] != "open" || q["line_amount"] != w.chargeOf || q["amount"] != "5.00" || q["opened_by"] != "dana" || q["department"] != "radiology" {
		t.Fatalf("opened: got %v", q)
	}
	id := q["id"].(string)
	apitest.MustCode(t, e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", `{"month": "2026-03", "line_id": "`+w.charge+`", "reason": "again"}`), 409, "inquiry_exists")

	st := w.statement(t, "2026-03")
	if got := st["inquiries"].(map[string]any); got["open"] != float64(1) || got["resolved"] != float64(0) {
		t.Errorf("counts: got %v, want 1 open", got)
	}
	if got := lineOf(st, w.charge)["inquiry"]; got == nil || got.(map[string]any)["id"] != id {
		t.Errorf("line's inquiry: got %v, want %s", got, id)
	}
	if got := e.Do(t, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", ""); got.Body != csvRes.Body || csvBefore != nil {
		t.Errorf("an inquiry changed the CSV")
	}
	if p := e.Must(t, 200, apitest.Finance, "GET", "/v1/periods/2026-03", ""); p["inquiries_open"] != float64(1) {
		t.Errorf("period: got %v open inquiries, want 1", p["inquiries_open"])
	}

	res := e.Must(t, 200, apitest.Finance, "POST", "/v1/inquiries/"+id+"/resolve", `{"outcome": "credit", "amount": "2.50", "note": "one was returned"}`)
	if res["status"] != "resolved" || res["outcome"] != "credit" || res["credit_amount"] != "2.50" || res["adjustment_month"] != "2026-03" || res["resolved_by"] != "fran" {
		t.Fatalf("resolved: got %v", res)
	}
	st = w.statement(t, "2026-03")
	credit := lineOf(st, res["adjustment_line_id"].(string))
	if credit == nil || credit["amount"] != "-2.50" || credit["kind"] != "adjustment" || credit["description"] != "Credit for line "+w.charge ||
		credit["request_id"] != strings.TrimSuffix(w.charge, "-charge") || credit["service_id"] != "barcode-scanner" {
		t.Errorf("credit line: got %v", credit)
	}
	if got := st["inquiries"].(map[string]any); got["open"] != float64(0) || got["resolved"] != float64(1) {
		t.Errorf("counts: got %v, want 1 resolved", got)
	}
	apitest.MustCode(t, e.Do(t, apitest.Finance, "POST", "/v1/inquiries/"+id+"/resolve", `{"outcome": "rejected", "note": "again"}`), 409, "invalid_transition")
	apitest.MustCode(t, e.Do(t, apitest.Radiology, "POST", "/v1/inquiries/"+id+"/withdraw", ""), 409, "invalid_transition")

	// A second inquiry on the line may credit only what is left.
	second := w.ask(t, w.charge, "")["id"].(string)
	apitest.MustField(t, e.Do(t, apitest.Finance, "POST", "/v1/inquiries/"+second+"/resolve", `{"outcome": "credit", "amount": "`+w.chargeOf+`", "note": "all"}`), "amount")
	e.Must(t, 200, apitest.Finance, "POST", "/v1/inquiries/"+second+"/resolve", `{"outcome": "rejected", "note": "billed as ordered"}`)
}

func TestInquiryWithdrawAndList(t *testing.T) {
	w := newInquiryWorld(t)
	e := w.e
	// A recurring line of the open month's preview can be asked about.
	tick := func() { e.Clock.Set(e.Clock.Now().Add(time.Second)) }
	monthly := w.ask(t, w.monthly, "")["id"].(string)
	tick()
	charge := w.ask(t, w.charge, "")["id"].(string)
	tick()
	theirs := e.Must(t, 201, apitest.Pharmacy, "POST", "/v1/inquiries", `{"month": "2026-03", "line_id": "`+w.theirs+`", "reason": "which scanner?"}`)["id"].(string)

	got := e.Must(t, 200, apitest.Radiology, "POST", "/v1/inquiries/"+monthly+"/withdraw", "")
	if got["status"] != "withdrawn" || got["withdrawn_by"] != "dana" {
		t.Errorf("withdrawn: got %v", got)
	}
	ids := func(who apitest.Caller, query string) []string {
		var out []string
		for _, it := range e.Must(t, 200, who, "GET", "/v1/inquiries"+query, "")["items"].([]any) {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return out
	}
	for _, tt := range []struct {
		name  string
		who   apitest.Caller
		query string
		want  []string
	}{
		{"a requester's own", apitest.Radiology, "", []string{charge, monthly}},
		{"own, open", apitest.Radiology, "?status=open", []string{charge}},
		{"own, this month", apitest.Radiology, "?month=2026-03&status=withdrawn", []string{monthly}},
		{"own, another month", apitest.Radiology, "?month=2026-02", nil},
		{"finance's queue", apitest.Finance, "?status=open", []string{theirs, charge}},
		{"finance's queue of the month", apitest.Finance, "?status=open&month=2026-03", []string{theirs, charge}},
		{"leadership, one department", apitest.Leadership, "?department=pharmacy", []string{theirs}},
		{"everything", apitest.Finance, "", []string{theirs, charge, monthly}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(tt.who, tt.query); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	page := e.Must(t, 200, apitest.Finance, "GET", "/v1/inquiries?limit=1", "")
	next := e.Must(t, 200, apitest.Finance, "GET", "/v1/inquiries?limit=2&cursor="+page["next_cursor"].(string), "")
	if n := len(next["items"].([]any)); n != 2 {
		t.Errorf("second page: got %d items, want the last 2", n)
	}
	apitest.MustField(t, e.Do(t, apitest.Finance, "GET", "/v1/inquiries?status=open&cursor="+page["next_cursor"].(string), ""), "cursor")
}

// TestCloseWithOpenInquiries: the close refuses while inquiries are open
// unless it carries them; a carried inquiry's credit goes into the current
// month and the closed month never changes.
func TestCloseWithOpenInquiries(t *testing.T) {
	w := newInquiryWorld(t)
	e := w.e
	charge := w.ask(t, w.charge, "")["id"].(string)
	monthly := w.ask(t, w.monthly, "")["id"].(string)
	e.Clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))

	res := e.Do(t, apitest.Finance, "POST", "/v1/periods/2026-03/close", "")
	apitest.MustCode(t, res, 409, "inquiries_open")
	listed, _ := res.JSON(t)["inquiries"].([]any)
	if len(listed) != 2 {
		t.Errorf("the problem lists %v, want both open inquiries", listed)
	}
	if p := e.Must(t, 200, apitest.Finance, "GET", "/v1/periods/2026-03", ""); p["status"] != "open" || p["inquiries_open"] != float64(2) {
		t.Fatalf("a refused close: got %v", p)
	}
	e.Must(t, 200, apitest.Finance, "POST", "/v1/inquiries/"+charge+"/resolve", `{"outcome": "credit", "amount": "1.00", "note": "ok"}`)
	apitest.MustCode(t, e.Do(t, apitest.Finance, "POST", "/v1/periods/2026-03/close", `{"carry_open_inquiries": false}`), 409, "inquiries_open")
	apitest.MustField(t, e.Do(t, apitest.Finance, "POST", "/v1/periods/2026-03/close", `{"carry_open_inquiries": "yes"}`), "carry_open_inquiries")

	p := e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/2026-03/close", `{"carry_open_inquiries": true}`)
	if p["status"] != "closed" {
		t.Fatalf("carried close: got %v", p)
	}
	frozen := e.Do(t, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "").Body
	march := w.statement(t, "2026-03")
	if got := march["inquiries"].(map[string]any); got["open"] != float64(1) || got["resolved"] != float64(1) {
		t.Errorf("closed statement counts: got %v, want the carried one open", got)
	}
	if lineOf(march, w.monthly) == nil {
		t.Fatalf("the close did not post %s under the id the inquiry names", w.monthly)
	}
	// Asking about a closed month is refused; the carried one still resolves.
	apitest.MustCode(t, e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", `{"month": "2026-03", "line_id": "`+w.theirs+`", "reason": "x"}`), 409, "period_closed")
	got := e.Must(t, 200, apitest.Finance, "POST", "/v1/inquiries/"+monthly+"/resolve", `{"outcome": "credit", "amount": "0.50", "note": "partial month"}`)
	if got["adjustment_month"] != "2026-04" {
		t.Errorf("a carried inquiry's credit went into %v, want 2026-04", got["adjustment_month"])
	}
	if after := e.Do(t, apitest.Finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "").Body; after != frozen {
		t.Errorf("the closed month changed")
	}
	if lineOf(w.statement(t, "2026-04"), got["adjustment_line_id"].(string)) == nil {
		t.Errorf("the credit is not on April's statement")
	}
	if p := e.Must(t, 200, apitest.Finance, "GET", "/v1/periods/2026-03", ""); p["inquiries_open"] != float64(0) {
		t.Errorf("after the carried one resolved: got %v open", p["inquiries_open"])
	}
}

// TestScheduledCloseCarriesInquiries: the scheduled close never stops at
// open inquiries.
func TestScheduledCloseCarriesInquiries(t *testing.T) {
	w := newInquiryWorld(t)
	id := w.ask(t, w.charge, "")["id"].(string)
	at := time.Date(2026, 4, 5, 6, 0, 0, 0, time.UTC)
	w.e.Clock.Set(at)
	p, err := w.e.Store.CloseScheduled(t.Context(), at, billing.Org{Catalog: catalog.Load(), Location: time.UTC})
	if err != nil || p.Status != billing.PeriodClosed || p.Month.String() != "2026-03" {
		t.Fatalf("scheduled close: got %v %v", p, err)
	}
	if q := w.e.Must(t, 200, apitest.Radiology, "GET", "/v1/inquiries/"+id, ""); q["status"] != "open" {
		t.Errorf("carried inquiry: got %v, want open", q["status"])
	}
}
