package inquiry

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

var (
	now      = time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
	march, _ = billing.ParseMonth("2026-03")
)

// same compares decimals by value and months by what they name.
var same = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmp.Comparer(func(a, b billing.Month) bool { return a == b }),
}

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// line is a 100.00 charge of radiology in March 2026.
func line(amount string) billing.Line {
	return billing.Line{
		ID: "R1-charge", Month: march, Department: "radiology", Kind: billing.KindCharge,
		RequestID: "R1", ServiceID: "svc", ServiceName: "Service", Amount: *dec(amount),
	}
}

// in returns an inquiry brought to status.
func in(t *testing.T, status Status) *Inquiry {
	t.Helper()
	q, err := New("Q1", line("100.00"), Draft{Reason: "not ours", By: "dana"}, Requester, now)
	if err != nil {
		t.Fatal(err)
	}
	switch status {
	case Resolved:
		err = q.Resolve(Resolution{Outcome: "rejected", Note: "it is", By: "fin"}, decimal.Zero, Finance, now)
	case Withdrawn:
		err = q.Withdraw("dana", Requester, now)
	}
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// apply takes action as actor with valid arguments.
func apply(q *Inquiry, a Action, actor Actor) error {
	switch a {
	case Resolve:
		return q.Resolve(Resolution{Outcome: "credit", Amount: dec("10"), Note: "agreed", By: "x"}, decimal.Zero, actor, now)
	case Withdraw:
		return q.Withdraw("x", actor, now)
	default:
		_, err := Next(q.Status, a, actor)
		return err
	}
}

func TestRulesTable(t *testing.T) {
	// want[from][action][actor] is where an allowed action leads; every
	// other cell is refused.
	want := map[Status]map[Action]map[Actor]Status{
		Open: {Resolve: {Finance: Resolved}, Withdraw: {Requester: Withdrawn}},
	}
	for _, from := range Statuses {
		for _, a := range Actions {
			for _, actor := range Actors {
				t.Run(fmt.Sprintf("%s/%s/%s", from, a, actor), func(t *testing.T) {
					q := in(t, from)
					before := *q
					err := apply(q, a, actor)
					to, allowed := want[from][a][actor]
					if !allowed {
						var e *errs.Error
						if !errors.As(err, &e) || (e.Kind != errs.Conflict && e.Kind != errs.Forbidden) {
							t.Fatalf("got %v, want a conflict or forbidden", err)
						}
						if e.Kind == errs.Conflict && e.Extra["current_status"] != string(from) {
							t.Errorf("conflict names %v, want %s", e.Extra["current_status"], from)
						}
						if diff := cmp.Diff(before, *q, same); diff != "" {
							t.Errorf("a refused action changed the inquiry (-before +after):\n%s", diff)
						}
						return
					}
					if err != nil {
						t.Fatalf("got %v, want %s", err, to)
					}
					if q.Status != to || q.Version != before.Version+1 || q.ClosedAt.IsZero() {
						t.Errorf("got status %s version %d, want %s %d", q.Status, q.Version, to, before.Version+1)
					}
				})
			}
		}
	}
}

func TestWhoMayOpen(t *testing.T) {
	for _, actor := range Actors {
		if _, err := New("Q", line("1.00"), Draft{Reason: "r"}, actor, now); err != nil {
			t.Errorf("%s may open an inquiry: got %v", actor, err)
		}
	}
	if _, err := New("Q", line("1.00"), Draft{Reason: "r"}, Actor("fulfiller"), now); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a fulfiller: got %v, want forbidden", err)
	}
}

func TestNewRefusesBadInput(t *testing.T) {
	tests := []struct {
		name   string
		amount string // the line's
		draft  Draft
		field  string
	}{
		{"no reason", "100.00", Draft{}, "reason"},
		{"a blank reason", "100.00", Draft{Reason: " \t\u200b "}, "reason"},
		{"a long reason", "100.00", Draft{Reason: strings.Repeat("x", 1001)}, "reason"},
		{"NUL in the reason", "100.00", Draft{Reason: "a\x00b"}, "reason"},
		{"an escape in the reason", "100.00", Draft{Reason: "\x1b[31mred"}, "reason"},
		{"a bidi override in the reason", "100.00", Draft{Reason: "abc\u202Edcb"}, "reason"},
		{"invalid UTF-8 in the reason", "100.00", Draft{Reason: "a\xffb"}, "reason"},
		{"zero amount", "100.00", Draft{Reason: "r", Amount: dec("0")}, "amount"},
		{"negative amount", "100.00", Draft{Reason: "r", Amount: dec("-1")}, "amount"},
		{"three decimals", "100.00", Draft{Reason: "r", Amount: dec("1.005")}, "amount"},
		{"above the line", "100.00", Draft{Reason: "r", Amount: dec("100.01")}, "amount"},
		{"a credit line", "-5.00", Draft{Reason: "r"}, "line_id"},
		{"a zero line", "0.00", Draft{Reason: "r"}, "line_id"},
		{"a caller's problem", "100.00", Draft{Reason: "r", Problems: []*errs.FieldError{{Field: "amount", Message: "x"}}}, "amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New("Q", line(tt.amount), tt.draft, Requester, now)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Fields[0].Field != tt.field {
				t.Errorf("got %v, want an invalid %s", err, tt.field)
			}
		})
	}
	for _, ok := range []Draft{
		{Reason: "x", Amount: dec("100.00")},
		{Reason: "x", Amount: dec("0.01")},
		{Reason: "x", Amount: dec("2.500")},
		{Reason: strings.Repeat("é", 1000)},
		{Reason: "line one\n\tline two"},
	} {
		if _, err := New("Q", line("100.00"), ok, Requester, now); err != nil {
			t.Errorf("%+v was refused: %v", ok, err)
		}
	}
}

func TestResolveRefusesBadInput(t *testing.T) {
	tests := []struct {
		name     string
		res      Resolution
		credited string
		field    string
	}{
		{"no outcome", Resolution{Note: "n"}, "0", "outcome"},
		{"unknown outcome", Resolution{Outcome: "refund", Note: "n"}, "0", "outcome"},
		{"no note", Resolution{Outcome: "rejected"}, "0", "note"},
		{"a blank note", Resolution{Outcome: "rejected", Note: "\u3164"}, "0", "note"},
		{"a long note", Resolution{Outcome: "rejected", Note: strings.Repeat("n", 1001)}, "0", "note"},
		{"a credit without amount", Resolution{Outcome: "credit", Note: "n"}, "0", "amount"},
		{"a credit of zero", Resolution{Outcome: "credit", Amount: dec("0"), Note: "n"}, "0", "amount"},
		{"a negative credit", Resolution{Outcome: "credit", Amount: dec("-3"), Note: "n"}, "0", "amount"},
		{"a credit of three decimals", Resolution{Outcome: "credit", Amount: dec("3.333"), Note: "n"}, "0", "amount"},
		{"a credit above the line", Resolution{Outcome: "credit", Amount: dec("100.01"), Note: "n"}, "0", "amount"},
		{"a credit above what is left", Resolution{Outcome: "credit", Amount: dec("60"), Note: "n"}, "40.01", "amount"},
		{"nothing left", Resolution{Outcome: "credit", Amount: dec("1"), Note: "n"}, "100", "amount"},
		{"a rejection with an amount", Resolution{Outcome: "rejected", Amount: dec("1"), Note: "n"}, "0", "amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := in(t, Open)
			before := *q
			err := q.Resolve(tt.res, *dec(tt.credited), Finance, now)
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Fields[0].Field != tt.field {
				t.Errorf("got %v, want an invalid %s", err, tt.field)
			}
			if diff := cmp.Diff(before, *q, same); diff != "" {
				t.Errorf("a refused resolution changed the inquiry:\n%s", diff)
			}
		})
	}
	q := in(t, Open)
	if err := q.Resolve(Resolution{Outcome: "credit", Amount: dec("59.99"), Note: "n"}, *dec("40.01"), Finance, now); err != nil {
		t.Errorf("a credit of exactly what is left: %v", err)
	}
}

func TestCreditLine(t *testing.T) {
	q := in(t, Open)
	if _, ok := q.CreditLine(q.Month, now); ok {
		t.Error("an open inquiry has no credit line")
	}
	if err := q.Resolve(Resolution{Outcome: "credit", Amount: dec("12.50"), Note: "n", By: "fin"}, decimal.Zero, Finance, now); err != nil {
		t.Fatal(err)
	}
	april := march.Next()
	got, ok := q.CreditLine(april, now)
	want := billing.Line{
		ID: "Q1-adjustment", Month: april, Department: "radiology", Kind: billing.KindAdjustment, RequestID: "R1",
		ServiceID: "svc", ServiceName: "Service", Description: "Credit for line R1-charge", Amount: *dec("-12.50"), PostedAt: now,
	}
	if !ok {
		t.Fatal("a credit has a credit line")
	}
	if diff := cmp.Diff(want, got, same); diff != "" {
		t.Errorf("credit line (-want +got):\n%s", diff)
	}
}
