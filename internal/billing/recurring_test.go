package billing

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// priceTable is a PriceOn built from rows "YYYY-MM-DD=price" in date
// order: the price of the last row effective on or before the day.
func priceTable(rows ...string) PriceOn {
	return func(day string) (decimal.Decimal, bool) {
		var price decimal.Decimal
		found := false
		for _, r := range rows {
			effective, p, _ := strings.Cut(r, "=")
			if effective <= day {
				price, found = d(p), true
			}
		}
		return price, found
	}
}

// pacsPrices is the PACS seat price list the recurring cases use: 40.00
// from 2026-01-01, 45.00 from 2026-03-15 (mid-month), 50.00 from 2028-01-01.
var pacsPrices = priceTable("2026-01-01=40.00", "2026-03-15=45.00", "2028-01-01=50.00")

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// brief is a line as the recurring cases compare it.
func brief(l Line) string {
	return fmt.Sprintf("%s %s %s q=%s price=%s days=%d amount=%s",
		l.Kind, l.ID, l.Month, l.Quantity, l.UnitPrice.StringFixed(2), l.Days, l.Amount.StringFixed(2))
}

func TestSubscriptionLines(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	tests := []struct {
		name       string
		start, end string // RFC 3339; end "" while it runs
		quantity   string // "" is 3
		missed     bool   // the SLA was missed
		percent    string // SLA credit percent; "" is 0
		prices     PriceOn
		loc        *time.Location // nil is UTC
		month      string
		want       []string
	}{
		// Month boundaries, in UTC.
		{name: "starts on the 1st: the whole 31-day month", start: "2026-01-01T09:00:00Z", month: "2026-01",
			// 3 × 40.00 × 31 / 31 = 120.00
			want: []string{"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=31 amount=120.00"}},
		{name: "starts on the last day: one day", start: "2026-01-31T23:00:00Z", month: "2026-01",
			// 3 × 40.00 × 1 / 31 = 3.870967… → 3.87
			want: []string{"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=1 amount=3.87"}},
		{name: "ends the day it starts: nothing, not even a credit", start: "2026-01-10T08:00:00Z", end: "2026-01-10T17:00:00Z",
			missed: true, percent: "10", month: "2026-01", want: nil},
		{name: "ends on the 1st of the next month: the end date is not charged", start: "2026-01-20T10:00:00Z", end: "2026-02-01T10:00:00Z", month: "2026-01",
			// Jan 20..31 = 12 days; 3 × 40.00 × 12 / 31 = 1440 / 31 = 46.451612… → 46.45
			want: []string{"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=12 amount=46.45"}},
		{name: "ended on the 1st: nothing in that month", start: "2026-01-20T10:00:00Z", end: "2026-02-01T10:00:00Z", month: "2026-02", want: nil},
		{name: "28-day February 2026, whole month", start: "2026-01-05T12:00:00Z", month: "2026-02",
			// 3 × 40.00 × 28 / 28 = 120.00
			want: []string{"recurring R1-recurring-2026-02 2026-02 q=3 price=40.00 days=28 amount=120.00"}},
		{name: "28-day February 2027, from the 15th", start: "2027-02-15T12:00:00Z", month: "2027-02",
			// Feb 15..28 = 14 days; 3 × 45.00 × 14 / 28 = 1890 / 28 = 67.50
			want: []string{"recurring R1-recurring-2027-02 2027-02 q=3 price=45.00 days=14 amount=67.50"}},
		{name: "29-day leap February 2028, from the 15th", start: "2028-02-15T12:00:00Z", month: "2028-02",
			// Feb 15..29 = 15 days; 3 × 50.00 × 15 / 29 = 2250 / 29 = 77.586206… → 77.59
			want: []string{"recurring R1-recurring-2028-02 2028-02 q=3 price=50.00 days=15 amount=77.59"}},
		{name: "29-day leap February 2028, whole month", start: "2027-12-20T12:00:00Z", month: "2028-02",
			// 3 × 50.00 × 29 / 29 = 150.00
			want: []string{"recurring R1-recurring-2028-02 2028-02 q=3 price=50.00 days=29 amount=150.00"}},
		{name: "30-day April, from the 11th", start: "2026-04-11T12:00:00Z", month: "2026-04",
			// Apr 11..30 = 20 days; 3 × 45.00 × 20 / 30 = 90.00
			want: []string{"recurring R1-recurring-2026-04 2026-04 q=3 price=45.00 days=20 amount=90.00"}},
		{name: "31-day May, ended on the 21st", start: "2026-04-11T12:00:00Z", end: "2026-05-21T08:00:00Z", month: "2026-05",
			// May 1..20 = 20 days; 3 × 45.00 × 20 / 31 = 2700 / 31 = 87.096774… → 87.10
			want: []string{"recurring R1-recurring-2026-05 2026-05 q=3 price=45.00 days=20 amount=87.10"}},

		// The price is the one effective on the first charged day.
		{name: "price changes on the 15th: the 1st's price for the whole month", start: "2026-02-01T12:00:00Z", month: "2026-03",
			// 3 × 40.00 × 31 / 31 = 120.00, not 45.00 for part of the month
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=40.00 days=31 amount=120.00"}},
		{name: "starts after the price change", start: "2026-03-20T12:00:00Z", month: "2026-03",
			// Mar 20..31 = 12 days; 3 × 45.00 × 12 / 31 = 1620 / 31 = 52.258064… → 52.26
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=45.00 days=12 amount=52.26"}},
		{name: "starts on the day the price changes", start: "2026-03-15T00:00:00Z", month: "2026-03",
			// Mar 15..31 = 17 days; 3 × 45.00 × 17 / 31 = 2295 / 31 = 74.032258… → 74.03
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=45.00 days=17 amount=74.03"}},
		{name: "starts and ends before the price change", start: "2026-03-10T12:00:00Z", end: "2026-03-20T12:00:00Z", month: "2026-03",
			// Mar 10..19 = 10 days; 3 × 40.00 × 10 / 31 = 1200 / 31 = 38.709677… → 38.71
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=40.00 days=10 amount=38.71"}},

		// Half a cent rounds away from zero (half-even would go the other way).
		{name: "half a cent rounds up", start: "2026-04-28T12:00:00Z", quantity: "1", prices: priceTable("2026-01-01=12.45"), month: "2026-04",
			// Apr 28..30 = 3 days; 1 × 12.45 × 3 / 30 = 1.245 → 1.25
			want: []string{"recurring R1-recurring-2026-04 2026-04 q=1 price=12.45 days=3 amount=1.25"}},
		{name: "half a cent on a fractional quantity", start: "2026-02-15T12:00:00Z", quantity: "2.5", prices: priceTable("2026-01-01=4.02"), month: "2026-02",
			// Feb 15..28 = 14 days; 2.5 × 4.02 × 14 / 28 = 10.05 / 2 = 5.025 → 5.03
			want: []string{"recurring R1-recurring-2026-02 2026-02 q=2.5 price=4.02 days=14 amount=5.03"}},
		{name: "a negative half cent rounds down", start: "2026-04-28T12:00:00Z", quantity: "1", prices: priceTable("2026-01-01=-12.45"), month: "2026-04",
			// The catalog forbids negative prices, but round2 is symmetric:
			// 1 × −12.45 × 3 / 30 = −1.245 → −1.25
			want: []string{"recurring R1-recurring-2026-04 2026-04 q=1 price=-12.45 days=3 amount=-1.25"}},

		// SLA credits: with the first recurring line only.
		{name: "SLA missed: 10% credit with the first month", start: "2026-01-01T09:00:00Z", missed: true, percent: "10", month: "2026-01",
			// 3 × 40.00 × 31 / 31 = 120.00; credit −round2(120.00 × 10 / 100) = −12.00
			want: []string{
				"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=31 amount=120.00",
				"sla_credit R1-sla-credit 2026-01 q=0 price=0.00 days=0 amount=-12.00",
			}},
		{name: "SLA missed: a half-cent credit", start: "2026-01-20T10:00:00Z", missed: true, percent: "10", month: "2026-01",
			// 46.45 as above; credit −round2(46.45 × 10 / 100) = −round2(4.645) = −4.65
			want: []string{
				"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=12 amount=46.45",
				"sla_credit R1-sla-credit 2026-01 q=0 price=0.00 days=0 amount=-4.65",
			}},
		{name: "SLA missed: a 12.5% credit", start: "2026-01-20T10:00:00Z", missed: true, percent: "12.5", month: "2026-01",
			// credit −round2(46.45 × 12.5 / 100) = −round2(5.80625) = −5.81
			want: []string{
				"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=12 amount=46.45",
				"sla_credit R1-sla-credit 2026-01 q=0 price=0.00 days=0 amount=-5.81",
			}},
		{name: "SLA missed: no credit after the first month", start: "2026-01-20T10:00:00Z", missed: true, percent: "10", month: "2026-02",
			want: []string{"recurring R1-recurring-2026-02 2026-02 q=3 price=40.00 days=28 amount=120.00"}},
		{name: "SLA missed, no credit offered", start: "2026-01-20T10:00:00Z", missed: true, percent: "0", month: "2026-01",
			want: []string{"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=12 amount=46.45"}},
		{name: "SLA met: no credit", start: "2026-01-20T10:00:00Z", percent: "10", month: "2026-01",
			want: []string{"recurring R1-recurring-2026-01 2026-01 q=3 price=40.00 days=12 amount=46.45"}},

		// Months it does not run in.
		{name: "month before the start", start: "2026-03-20T12:00:00Z", missed: true, percent: "10", month: "2026-02", want: nil},
		{name: "month after the end", start: "2026-03-20T12:00:00Z", end: "2026-04-01T12:00:00Z", month: "2026-04", want: nil},
		{name: "months later", start: "2026-03-20T12:00:00Z", end: "2026-04-01T12:00:00Z", month: "2026-06", want: nil},

		// Days in the org's zone: 03:00 UTC on March 1st is 22:00 on February 28th in New York.
		{name: "New York: starts on February 28th", start: "2026-03-01T03:00:00Z", missed: true, percent: "10", loc: ny, month: "2026-02",
			// 3 × 40.00 × 1 / 28 = 4.285714… → 4.29; credit −round2(0.429) = −0.43
			want: []string{
				"recurring R1-recurring-2026-02 2026-02 q=3 price=40.00 days=1 amount=4.29",
				"sla_credit R1-sla-credit 2026-02 q=0 price=0.00 days=0 amount=-0.43",
			}},
		{name: "New York: the next month has no credit", start: "2026-03-01T03:00:00Z", missed: true, percent: "10", loc: ny, month: "2026-03",
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=40.00 days=31 amount=120.00"}},
		{name: "UTC: the same instant starts in March", start: "2026-03-01T03:00:00Z", missed: true, percent: "10", month: "2026-02", want: nil},
		{name: "UTC: the same instant is a whole March", start: "2026-03-01T03:00:00Z", missed: true, percent: "10", month: "2026-03",
			want: []string{
				"recurring R1-recurring-2026-03 2026-03 q=3 price=40.00 days=31 amount=120.00",
				"sla_credit R1-sla-credit 2026-03 q=0 price=0.00 days=0 amount=-12.00",
			}},
		{name: "New York: ended at 02:00 UTC on April 1st, still March 31st", start: "2026-02-01T17:00:00Z", end: "2026-04-01T02:00:00Z", loc: ny, month: "2026-03",
			// Mar 1..30 = 30 days; 3 × 40.00 × 30 / 31 = 3600 / 31 = 116.129032… → 116.13
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=40.00 days=30 amount=116.13"}},
		{name: "New York: nothing in April", start: "2026-02-01T17:00:00Z", end: "2026-04-01T02:00:00Z", loc: ny, month: "2026-04", want: nil},
		{name: "UTC: the same end charges March 31st", start: "2026-02-01T17:00:00Z", end: "2026-04-01T02:00:00Z", month: "2026-03",
			want: []string{"recurring R1-recurring-2026-03 2026-03 q=3 price=40.00 days=31 amount=120.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, prices, quantity, percent := tt.loc, tt.prices, tt.quantity, tt.percent
			if loc == nil {
				loc = time.UTC
			}
			if prices == nil {
				prices = pacsPrices
			}
			if quantity == "" {
				quantity = "3"
			}
			if percent == "" {
				percent = "0"
			}
			s := Subscription{
				RequestID: "R1", Department: "radiology", ServiceID: "pacs-seat", ServiceName: "PACS viewer seat", Unit: "user",
				Quantity: d(quantity), Start: mustTime(t, tt.start), SLAMet: !tt.missed, CreditPercent: d(percent),
			}
			if tt.end != "" {
				s.End = mustTime(t, tt.end)
			}
			m := mustMonth(t, tt.month)
			lines, err := s.Lines(m, prices, loc)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range lines {
				got = append(got, brief(l))
				if l.Department != "radiology" || l.RequestID != "R1" || l.ServiceID != "pacs-seat" || l.ServiceName != "PACS viewer seat" {
					t.Errorf("%s: got department %q request %q service %q %q, want radiology R1 pacs-seat \"PACS viewer seat\"",
						l.ID, l.Department, l.RequestID, l.ServiceID, l.ServiceName)
				}
				if !l.Amount.Mul(d("100")).IsInteger() {
					t.Errorf("%s: got amount %s, want whole cents", l.ID, l.Amount)
				}
				if !l.PostedAt.Equal(m.End(loc)) {
					t.Errorf("%s: got posted at %s, want the month's end %s", l.ID, l.PostedAt, m.End(loc))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if got, want := s.RunsIn(m, loc), len(tt.want) > 0; got != want {
				t.Errorf("RunsIn: got %v, want %v", got, want)
			}
		})
	}
}

func TestSubscriptionLinesWithoutAPrice(t *testing.T) {
	tests := []struct {
		name   string
		prices PriceOn
		start  string
		month  string
	}{
		{"before the first price", pacsPrices, "2025-12-20T12:00:00Z", "2025-12"},
		{"first charged day before the first price", priceTable("2026-02-10=40.00"), "2026-01-20T12:00:00Z", "2026-02"},
		{"no prices at all", priceTable(), "2026-01-20T12:00:00Z", "2026-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Subscription{RequestID: "R1", ServiceID: "pacs-seat", Quantity: d("1"), Start: mustTime(t, tt.start), CreditPercent: d("10")}
			lines, err := s.Lines(mustMonth(t, tt.month), tt.prices, time.UTC)
			if err == nil {
				t.Errorf("got %d lines and no error, want an error", len(lines))
			}
		})
	}
}

func TestMonthsThrough(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     []string
	}{
		{"one month", "2026-03", "2026-03", []string{"2026-03"}},
		{"across a year", "2026-11", "2027-02", []string{"2026-11", "2026-12", "2027-01", "2027-02"}},
		{"to before from", "2026-03", "2026-02", nil},
		{"a year before", "2027-03", "2026-03", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, m := range MonthsThrough(mustMonth(t, tt.from), mustMonth(t, tt.to)) {
				got = append(got, m.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
