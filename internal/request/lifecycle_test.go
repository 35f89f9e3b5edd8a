package request

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/errs"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// testCatalog has one service per pricing and approval (ids like
// "svc-hourly-none"), priced 10.00 from 2025-01-01 and 12.35 from
// 2026-03-02, with a 48-hour SLA, and a retired one.
func testCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	var b strings.Builder
	b.WriteString("services:\n")
	entry := func(id string, p catalog.Pricing, approval catalog.Approval, active bool) {
		fmt.Fprintf(&b, `  - id: %s
    name: Service %s
    category: Test
    description: A test service.
    owner: Test Team
    unit: %s
    pricing: %s
    fractional: %v
    prices:
      - {effective: 2025-01-01, unit_price: "10.00"}
      - {effective: 2026-03-02, unit_price: "12.35"}
    sla_hours: 48
    sla_credit_percent: 10
    approval: %s
    active: %v
`, id, id, map[bool]string{true: "hour", false: "unit"}[p == catalog.Hourly], p, p == catalog.Hourly, approval, active)
	}
	for _, p := range []catalog.Pricing{catalog.OneTime, catalog.Monthly, catalog.Hourly} {
		for _, a := range []catalog.Approval{catalog.ApprovalRequired, catalog.ApprovalNone} {
			entry(serviceID(p, a), p, a, true)
		}
	}
	entry("svc-retired", catalog.OneTime, catalog.ApprovalNone, false)
	cat, err := catalog.Parse([]byte(b.String()), []byte("departments:\n  - {id: lab, name: Lab, cost_center: CC-1, active: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func serviceID(p catalog.Pricing, approval catalog.Approval) string {
	return "svc-" + strings.ReplaceAll(string(p), "_", "-") + "-" + string(approval)
}

// in returns a request of the given pricing brought to status.
func in(t *testing.T, p catalog.Pricing, status Status) *Request {
	t.Helper()
	r, err := New("R1", Draft{ServiceID: serviceID(p, catalog.ApprovalRequired), Department: "radiology", Quantity: dec("3"), By: "dana"}, testCatalog(t), now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	steps := map[Status][]Action{
		Submitted: {}, Approved: {Approve}, InProgress: {Approve, Start}, Fulfilled: {Approve, Fulfill},
		Ended: {Approve, Fulfill, End}, Cancelled: {Cancel}, Rejected: {Reject},
	}
	for _, a := range steps[status] {
		if err := apply(r, a); err != nil {
			t.Fatalf("bringing to %s: %s: %v", status, a, err)
		}
	}
	return r
}

// apply performs an action with valid arguments.
func apply(r *Request, a Action) error {
	switch a {
	case Update:
		return r.Update(dec("4"), nil, "dana", now)
	case Fulfill:
		var q *decimal.Decimal
		if r.Pricing == catalog.Hourly {
			q = dec("2.5")
		}
		_, err := r.Fulfill(q, nil, "sam", now, time.UTC)
		return err
	case End:
		_, err := r.End(nil, "dana", now, time.UTC)
		return err
	default:
		return r.Act(a, "sam", "a reason", now)
	}
}

func TestTransitionTable(t *testing.T) {
	want := map[Status]map[Action]Status{
		Submitted:  {Update: Submitted, Cancel: Cancelled, Approve: Approved, Reject: Rejected},
		Approved:   {Update: Approved, Cancel: Cancelled, Reject: Rejected, Start: InProgress, Fulfill: Fulfilled},
		InProgress: {Cancel: Cancelled, Fulfill: Fulfilled},
		Fulfilled:  {End: Ended},
	}
	for _, from := range Statuses {
		for _, a := range Actions {
			t.Run(fmt.Sprintf("%s/%s", from, a), func(t *testing.T) {
				r := in(t, catalog.Monthly, from)
				version, history := r.Version, len(r.History)
				err := apply(r, a)
				to, allowed := want[from][a]
				if !allowed {
					var e *errs.Error
					if !errors.As(err, &e) || e.Kind != errs.Conflict || e.Extra["current_status"] != string(from) {
						t.Fatalf("got %v, want a conflict naming status %s", err, from)
					}
					if r.Status != from || r.Version != version || len(r.History) != history {
						t.Errorf("a refused action changed the request")
					}
					return
				}
				if err != nil {
					t.Fatalf("got %v, want %s", err, to)
				}
				if r.Status != to || r.Version != version+1 || len(r.History) != history+1 {
					t.Errorf("got status %s version %d history %d, want %s %d %d", r.Status, r.Version, len(r.History), to, version+1, history+1)
				}
				last := r.History[len(r.History)-1]
				if last.Action != a || last.From != from || last.To != to {
					t.Errorf("history: got %+v", last)
				}
			})
		}
	}
}

func TestNew(t *testing.T) {
	r, err := New("R1", Draft{ServiceID: serviceID(catalog.OneTime, catalog.ApprovalNone), Department: "lab", Quantity: dec("3"), By: "dana"}, testCatalog(t), now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	// Priced on the submission day: the 12.35 price starts that day; 3 × 12.35 = 37.05.
	if !r.QuotedUnitPrice.Equal(*dec("12.35")) || !r.EstimatedCharge.Equal(*dec("37.05")) {
		t.Errorf("price: got %s and %s, want 12.35 and 37.05", r.QuotedUnitPrice, r.EstimatedCharge)
	}
	if r.Status != Approved {
		t.Errorf("a service without approval: got %s, want approved", r.Status)
	}
	if want := now.Add(48 * time.Hour); !r.SLADueAt.Equal(want) {
		t.Errorf("sla_due_at: got %s, want %s", r.SLADueAt, want)
	}
	// The day before, the old price applies: in New York it is still March 1.
	ny, _ := time.LoadLocation("America/New_York")
	early := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	r, _ = New("R2", Draft{ServiceID: serviceID(catalog.OneTime, catalog.ApprovalRequired), Quantity: dec("1")}, testCatalog(t), early, ny)
	if !r.QuotedUnitPrice.Equal(*dec("10.00")) || r.Status != Submitted {
		t.Errorf("got %s %s, want 10.00 submitted", r.QuotedUnitPrice, r.Status)
	}
}

func TestNewRefusesBadInput(t *testing.T) {
	oneTime := serviceID(catalog.OneTime, catalog.ApprovalNone)
	hourly := serviceID(catalog.Hourly, catalog.ApprovalNone)
	long := make([]byte, MaxText+1)
	for i := range long {
		long[i] = 'x'
	}
	tests := []struct {
		name  string
		draft Draft
		field string
	}{
		{"zero", Draft{ServiceID: oneTime, Quantity: dec("0")}, "quantity"},
		{"negative", Draft{ServiceID: oneTime, Quantity: dec("-1")}, "quantity"},
		{"three decimals", Draft{ServiceID: oneTime, Quantity: dec("1.005")}, "quantity"},
		{"too many", Draft{ServiceID: oneTime, Quantity: dec("100000.01")}, "quantity"},
		{"long note", Draft{ServiceID: oneTime, Quantity: dec("1"), Note: string(long)}, "note"},
		{"retired", Draft{ServiceID: "svc-retired", Quantity: dec("1")}, "service_id"},
		{"unknown service", Draft{ServiceID: "svc-nope", Quantity: dec("1")}, "service_id"},
		{"no service", Draft{Quantity: dec("1")}, "service_id"},
		{"no quantity", Draft{ServiceID: oneTime}, "quantity"},
		{"half a unit", Draft{ServiceID: oneTime, Quantity: dec("1.5")}, "quantity"},
		{"a caller's problem", Draft{ServiceID: oneTime, Quantity: dec("1"), Problems: []*errs.FieldError{{Field: "department", Message: "x"}}}, "department"},
		{"NUL in the note", Draft{ServiceID: oneTime, Quantity: dec("1"), Note: "a\x00b"}, "note"},
		{"escape in the note", Draft{ServiceID: oneTime, Quantity: dec("1"), Note: "\x1b[31mred"}, "note"},
		{"bidi override in the note", Draft{ServiceID: oneTime, Quantity: dec("1"), Note: "abc\u202Edcb"}, "note"},
		{"C1 control in the note", Draft{ServiceID: oneTime, Quantity: dec("1"), Note: "a\u0085b"}, "note"},
		{"invalid UTF-8 in the note", Draft{ServiceID: oneTime, Quantity: dec("1"), Note: "a\xffb"}, "note"},
	}
	cat := testCatalog(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New("R", tt.draft, cat, now, time.UTC)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
				t.Errorf("got %v, want an invalid %s", err, tt.field)
			}
		})
	}
	for _, ok := range []Draft{
		{ServiceID: oneTime, Quantity: dec("100000")},
		{ServiceID: oneTime, Quantity: dec("2.00")},
		{ServiceID: hourly, Quantity: dec("1.25")},
		{ServiceID: oneTime, Quantity: dec("1"), Note: "line one\n\tline two, naïve café ✓"},
	} {
		if _, err := New("R", ok, cat, now, time.UTC); err != nil {
			t.Errorf("%+v was refused: %v", ok, err)
		}
	}
}

func TestFulfillChecks(t *testing.T) {
	tests := []struct {
		name    string
		pricing catalog.Pricing
		qty     *decimal.Decimal
		at      *time.Time
		field   string
	}{
		{"hourly needs hours", catalog.Hourly, nil, nil, "quantity"},
		{"one-time takes no quantity", catalog.OneTime, dec("1"), nil, "quantity"},
		{"future", catalog.OneTime, nil, ptr(now.Add(time.Minute)), "fulfilled_at"},
		{"before creation", catalog.OneTime, nil, ptr(now.Add(-time.Minute)), "fulfilled_at"},
		{"the zero time is a time, not now", catalog.OneTime, nil, ptr(time.Time{}), "fulfilled_at"},
		{"bad hours", catalog.Hourly, dec("0.001"), nil, "quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := in(t, tt.pricing, Approved)
			_, err := r.Fulfill(tt.qty, tt.at, "sam", now, time.UTC)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Fields[0].Field != tt.field {
				t.Fatalf("got %v, want an invalid %s", err, tt.field)
			}
			if r.Status != Approved {
				t.Errorf("a refused fulfilment changed the status to %s", r.Status)
			}
		})
	}
	r := in(t, catalog.Hourly, InProgress)
	if _, err := r.Fulfill(dec("2.5"), &now, "sam", now, time.UTC); err != nil || !r.ChargedQuantity().Equal(*dec("2.5")) {
		t.Errorf("hourly fulfilment: err %v, charged quantity %s, want 2.5", err, r.ChargedQuantity())
	}
}

func TestOnlySubscriptionsEnd(t *testing.T) {
	r := in(t, catalog.OneTime, Fulfilled)
	if _, err := r.End(nil, "dana", now, time.UTC); !errs.Is(err, errs.Conflict) {
		t.Errorf("got %v, want a conflict", err)
	}
	r = in(t, catalog.Monthly, Fulfilled)
	if _, err := r.End(ptr(time.Time{}), "dana", now, time.UTC); !errs.Is(err, errs.Invalid) {
		t.Errorf("ended at the zero time: got %v, want invalid", err)
	}
}
