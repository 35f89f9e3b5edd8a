package request

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/errs"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

func service(p catalog.Pricing, approval catalog.Approval) catalog.Service {
	return catalog.Service{
		ID: "svc", Name: "Service", Unit: "unit", Pricing: p, SLAHours: 48, Approval: approval, Active: true,
		Prices: []catalog.Price{{Effective: "2025-01-01", UnitPrice: decimal.RequireFromString("10.00")}, {Effective: "2026-03-02", UnitPrice: decimal.RequireFromString("12.35")}},
	}
}

// in returns a request of the given pricing brought to status.
func in(t *testing.T, p catalog.Pricing, status Status) *Request {
	t.Helper()
	r, err := New("R1", Draft{Service: service(p, catalog.ApprovalRequired), Department: "radiology", Quantity: *dec("3"), By: "dana"}, now, time.UTC)
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
		return r.Fulfill(q, time.Time{}, "sam", now)
	case End:
		return r.End(time.Time{}, "dana", now)
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
	r, err := New("R1", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Department: "lab", Quantity: *dec("3"), By: "dana"}, now, time.UTC)
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
	r, _ = New("R2", Draft{Service: service(catalog.OneTime, catalog.ApprovalRequired), Quantity: *dec("1")}, early, ny)
	if !r.QuotedUnitPrice.Equal(*dec("10.00")) || r.Status != Submitted {
		t.Errorf("got %s %s, want 10.00 submitted", r.QuotedUnitPrice, r.Status)
	}
}

func TestNewRefusesBadInput(t *testing.T) {
	retired := service(catalog.OneTime, catalog.ApprovalNone)
	retired.Active = false
	long := make([]byte, MaxText+1)
	for i := range long {
		long[i] = 'x'
	}
	tests := []struct {
		name  string
		draft Draft
		field string
	}{
		{"zero", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Quantity: *dec("0")}, "quantity"},
		{"negative", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Quantity: *dec("-1")}, "quantity"},
		{"three decimals", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Quantity: *dec("1.005")}, "quantity"},
		{"too many", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Quantity: *dec("100000.01")}, "quantity"},
		{"long note", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Quantity: *dec("1"), Note: string(long)}, "note"},
		{"retired", Draft{Service: retired, Quantity: *dec("1")}, "service_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New("R", tt.draft, now, time.UTC)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
				t.Errorf("got %v, want an invalid %s", err, tt.field)
			}
		})
	}
	if _, err := New("R", Draft{Service: service(catalog.OneTime, catalog.ApprovalNone), Quantity: *dec("100000")}, now, time.UTC); err != nil {
		t.Errorf("the maximum quantity was refused: %v", err)
	}
}

func TestFulfillChecks(t *testing.T) {
	tests := []struct {
		name    string
		pricing catalog.Pricing
		qty     *decimal.Decimal
		at      time.Time
		field   string
	}{
		{"hourly needs hours", catalog.Hourly, nil, time.Time{}, "quantity"},
		{"one-time takes no quantity", catalog.OneTime, dec("1"), time.Time{}, "quantity"},
		{"future", catalog.OneTime, nil, now.Add(time.Minute), "fulfilled_at"},
		{"before creation", catalog.OneTime, nil, now.Add(-time.Minute), "fulfilled_at"},
		{"bad hours", catalog.Hourly, dec("0.001"), time.Time{}, "quantity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := in(t, tt.pricing, Approved)
			err := r.Fulfill(tt.qty, tt.at, "sam", now)
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
	if err := r.Fulfill(dec("2.5"), now, "sam", now); err != nil || !r.ChargedQuantity().Equal(*dec("2.5")) {
		t.Errorf("hourly fulfilment: err %v, charged quantity %s, want 2.5", err, r.ChargedQuantity())
	}
}

func TestOnlySubscriptionsEnd(t *testing.T) {
	r := in(t, catalog.OneTime, Fulfilled)
	if err := r.End(time.Time{}, "dana", now); !errs.Is(err, errs.Conflict) {
		t.Errorf("got %v, want a conflict", err)
	}
}
