package billing

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

// The forecast cases use the embedded catalog's prices, quoted here so each
// expected figure can be checked by hand:
//
//	ehr-licence   monthly  85.00 from 2024-07-01, 89.50 from 2025-07-01, 92.00 from 2026-07-01
//	vpn-access    monthly   4.00 from 2024-01-01,  4.50 from 2026-01-01
//	server-vm     monthly 145.00 from 2024-01-01, 138.00 from 2026-01-01

func mustYear(t *testing.T, s string, start time.Month) FiscalYear {
	t.Helper()
	y, err := ParseFiscalYear(s, start)
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func utcOrg() Org { return Org{Catalog: catalog.Load(), Location: time.UTC} }

// figures is a forecast's money as the cases compare it.
type figures struct {
	Actual, Committed, Recurring, Total string
	Commitments                         []string
}

func figuresOf(f Forecast) figures {
	out := figures{
		Actual: f.Actual.StringFixed(2), Committed: f.Committed.StringFixed(2),
		Recurring: f.Recurring.StringFixed(2), Total: f.Total.StringFixed(2),
	}
	for _, c := range f.Commitments {
		out.Commitments = append(out.Commitments, c.RequestID+" "+c.ServiceID+" "+c.Status+" "+c.Amount.StringFixed(2))
	}
	return out
}

func sub(t *testing.T, id, service, quantity, start, end string) Subscription {
	t.Helper()
	s := Subscription{RequestID: id, Department: "radiology", ServiceID: service, Quantity: d(quantity), Start: mustTime(t, start)}
	if end != "" {
		s.End = mustTime(t, end)
	}
	return s
}

func TestNewForecast(t *testing.T) {
	july := time.July
	tests := []struct {
		name  string
		facts func(t *testing.T) ForecastFacts
		want  figures
	}{
		{
			// FY2027 with a July start is 2026-07 to 2027-06; now is 2026-09.
			// Actual: July 100.00 + August 200.50 + September 50.25 = 350.75;
			// June 2026 (the year before) and October (not yet) are left out.
			name: "actual sums the year's months up to the current one",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2027", july), Current: mustMonth(t, "2026-09"), Months: []MonthTotal{
					{Month: mustMonth(t, "2026-06"), Total: d("999.00"), Closed: true},
					{Month: mustMonth(t, "2026-07"), Total: d("100.00"), Closed: true},
					{Month: mustMonth(t, "2026-08"), Total: d("200.50"), Closed: true},
					{Month: mustMonth(t, "2026-09"), Total: d("50.25")},
					{Month: mustMonth(t, "2026-10"), Total: d("777.00")},
				}}
			},
			want: figures{Actual: "350.75", Committed: "0.00", Recurring: "0.00", Total: "350.75"},
		},
		{
			// Now 2026-09, FY2027 (July start): a one-time estimate counts
			// once (412.50); a monthly one (45.00) for September to June,
			// 10 months: 450.00. A zero estimate is no commitment.
			name: "committed counts each open request once, a monthly one per month left",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2027", july), Current: mustMonth(t, "2026-09"), Open: []OpenRequest{
					{RequestID: "r1", ServiceID: "after-hours-support", Status: "approved", Estimate: d("412.50")},
					{RequestID: "r2", ServiceID: "vpn-access", Status: "submitted", Monthly: true, Estimate: d("45.00")},
					{RequestID: "r3", ServiceID: "shared-mailbox", Status: "approved", Estimate: d("0.00")},
				}}
			},
			want: figures{Actual: "0.00", Committed: "862.50", Recurring: "0.00", Total: "862.50", Commitments: []string{
				"r1 after-hours-support approved 412.50", "r2 vpn-access submitted 450.00",
			}},
		},
		{
			// Calendar FY2026, now 2026-03: 3 EHR licences from April to
			// December. April to June at 89.50 (3 × 89.50 × 3 = 805.50), July
			// to December at the future price 92.00 (3 × 92.00 × 6 =
			// 1656.00): 2461.50. March, the current month, is actual's.
			name: "recurring takes each month's price, a future price change included",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2026", time.January), Current: mustMonth(t, "2026-03"), Subscriptions: []Subscription{
					sub(t, "s1", "ehr-licence", "3", "2026-02-10T10:00:00Z", ""),
				}}
			},
			want: figures{Actual: "0.00", Committed: "0.00", Recurring: "2461.50", Total: "2461.50"},
		},
		{
			// 10 VPN users at 4.50 (45.00 a month) ending 2026-10-11: April
			// to September 6 × 45.00 = 270.00; October 1 to 10, 10 of 31
			// days: 45.00 × 10 / 31 = 14.516… → 14.52; nothing after. 284.52.
			name: "a scheduled end stops recurring, its month prorated",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2026", time.January), Current: mustMonth(t, "2026-03"), Subscriptions: []Subscription{
					sub(t, "s1", "vpn-access", "10", "2026-01-05T08:00:00Z", "2026-10-11T12:00:00Z"),
				}}
			},
			want: figures{Actual: "0.00", Committed: "0.00", Recurring: "284.52", Total: "284.52"},
		},
		{
			// Ending within the current month leaves nothing to recur.
			name: "a subscription ending this month recurs no more",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2026", time.January), Current: mustMonth(t, "2026-03"), Subscriptions: []Subscription{
					sub(t, "s1", "vpn-access", "10", "2026-01-05T08:00:00Z", "2026-03-20T00:00:00Z"),
				}}
			},
			want: figures{Actual: "0.00", Committed: "0.00", Recurring: "0.00", Total: "0.00"},
		},
		{
			// FY2027 with a July start seen from 2026-05, a year to come:
			// the monthly commitment counts all 12 months (12 × 45.00 =
			// 540.00), a one-time one none (it falls in this year); 2 VMs
			// recur all 12 months at 138.00: 2 × 138.00 × 12 = 3312.00.
			name: "a year to come counts twelve months and no one-time commitment",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2027", july), Current: mustMonth(t, "2026-05"),
					Open: []OpenRequest{
						{RequestID: "r1", ServiceID: "barcode-scanner", Status: "approved", Estimate: d("289.00")},
						{RequestID: "r2", ServiceID: "vpn-access", Status: "in_progress", Monthly: true, Estimate: d("45.00")},
					},
					Subscriptions: []Subscription{sub(t, "s1", "server-vm", "2", "2026-04-20T00:00:00Z", "")},
				}
			},
			want: figures{Actual: "0.00", Committed: "540.00", Recurring: "3312.00", Total: "3852.00", Commitments: []string{
				"r2 vpn-access in_progress 540.00",
			}},
		},
		{
			// FY2026 (July start, 2025-07 to 2026-06) seen from 2026-09: all
			// of it is past. Actual is its months; nothing is committed or
			// recurs in it.
			name: "a past year is only actual",
			facts: func(t *testing.T) ForecastFacts {
				return ForecastFacts{Year: mustYear(t, "2026", july), Current: mustMonth(t, "2026-09"),
					Months: []MonthTotal{
						{Month: mustMonth(t, "2025-12"), Total: d("10.00"), Closed: true},
						{Month: mustMonth(t, "2026-06"), Total: d("-2.50"), Closed: true},
					},
					Open:          []OpenRequest{{RequestID: "r1", ServiceID: "vpn-access", Status: "submitted", Monthly: true, Estimate: d("45.00")}},
					Subscriptions: []Subscription{sub(t, "s1", "server-vm", "1", "2026-04-20T00:00:00Z", "")},
				}
			},
			want: figures{Actual: "7.50", Committed: "0.00", Recurring: "0.00", Total: "7.50"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NewForecast(tt.facts(t), utcOrg())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, figuresOf(f)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if f.Remaining != nil || f.UsedPercent != nil || f.Status != "" {
				t.Errorf("without a budget: got remaining %v, used %v, status %q, want nil, nil, empty", f.Remaining, f.UsedPercent, f.Status)
			}
		})
	}
}

func TestNewForecastUnknownService(t *testing.T) {
	facts := ForecastFacts{Year: mustYear(t, "2026", time.January), Current: mustMonth(t, "2026-03"), Subscriptions: []Subscription{
		sub(t, "s1", "no-such-service", "1", "2026-01-05T08:00:00Z", ""),
	}}
	if _, err := NewForecast(facts, utcOrg()); err == nil {
		t.Error("got no error for a subscription to a service not in the catalog")
	}
}

// TestNewForecastAgainstBudget: with a budget, remaining, used percent
// and status follow the total. 450.00 committed of 1000.00: 550.00 left,
// 45.0 %, under the 50 % threshold.
func TestNewForecastAgainstBudget(t *testing.T) {
	b := &Budget{Amount: d("1000"), Thresholds: []int{50, 100}}
	facts := ForecastFacts{Year: mustYear(t, "2026", time.January), Current: mustMonth(t, "2026-03"), Budget: b,
		Open: []OpenRequest{{RequestID: "r1", ServiceID: "vpn-access", Status: "submitted", Monthly: true, Estimate: d("45.00")}}}
	f, err := NewForecast(facts, utcOrg())
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Remaining.StringFixed(2) + " " + f.UsedPercent.StringFixed(1) + " " + string(f.Status); got != "550.00 45.0 ok" {
		t.Errorf("got %s, want 550.00 45.0 ok", got)
	}

	// 412.50 more (after-hours support): 862.50, 137.50 left, 86.25 % →
	// 86.3, past 50 %: warning. The forecast itself is unchanged.
	after := f.Plus(d("412.50"))
	if got := after.Committed.StringFixed(2) + " " + after.Total.StringFixed(2) + " " + after.Remaining.StringFixed(2) + " " + after.UsedPercent.StringFixed(1) + " " + string(after.Status); got != "862.50 862.50 137.50 86.3 warning" {
		t.Errorf("Plus: got %s, want 862.50 862.50 137.50 86.3 warning", got)
	}
	if !f.Total.Equal(d("450")) || !f.Remaining.Equal(d("550")) {
		t.Errorf("Plus changed the forecast it was called on: total %s, remaining %s", f.Total, f.Remaining)
	}
	impact := ImpactOf(f, d("412.50"))
	want := Impact{Year: f.Year, RemainingBefore: d("550"), RemainingAfter: d("137.50"), UsedPercentAfter: d("86.3"), StatusAfter: BudgetWarning}
	if diff := cmp.Diff(want, impact, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmp.AllowUnexported(FiscalYear{})); diff != "" {
		t.Errorf("ImpactOf (-want +got):\n%s", diff)
	}
}

func TestCommitmentFor(t *testing.T) {
	y := func(t *testing.T) FiscalYear { return mustYear(t, "2027", time.July) } // 2026-07 to 2027-06
	tests := []struct {
		name    string
		monthly bool
		current string
		want    string
	}{
		{"monthly, the year's first month: all twelve", true, "2026-07", "540.00"},
		{"monthly, crossing the calendar year: January to June", true, "2027-01", "270.00"},
		{"monthly, the year's last month: one", true, "2027-06", "45.00"},
		{"monthly, the year is past", true, "2027-07", "0.00"},
		{"monthly, the year is to come: all twelve", true, "2026-05", "540.00"},
		{"one-time, within the year", false, "2026-12", "45.00"},
		{"one-time, the year is past", false, "2027-07", "0.00"},
		{"one-time, the year is to come", false, "2026-06", "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CommitmentFor(d("45.00"), tt.monthly, y(t), mustMonth(t, tt.current))
			if got.StringFixed(2) != tt.want {
				t.Errorf("got %s, want %s", got.StringFixed(2), tt.want)
			}
		})
	}
}
