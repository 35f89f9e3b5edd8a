package billing

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestRound2(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.005", "1.01"}, {"1.004", "1"}, {"-1.005", "-1.01"}, {"2.675", "2.68"}, {"0.125", "0.13"}, {"-0.125", "-0.13"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Round2(d(tt.in)); !got.Equal(d(tt.want)) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFulfilmentPosting(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ny, _ := time.LoadLocation("America/New_York")
	base := Fulfilment{
		RequestID: "R1", Department: "radiology", ServiceID: "report-dev", ServiceName: "Report development",
		Pricing: catalog.Hourly, Unit: "hour", Quantity: d("7.5"), UnitPrice: d("95.35"),
		SLADueAt: SLADue(created, 72), CreditPercent: d("12.5"),
	}
	tests := []struct {
		name      string
		fulfilled time.Time
		loc       *time.Location
		percent   string
		want      []string // "kind month amount"
	}{
		// 7.5 × 95.35 = 715.125 → 715.13 (half away from zero).
		{"within SLA", created.Add(72 * time.Hour), time.UTC, "12.5", []string{"charge 2026-03 715.13"}},
		// credit: 715.13 × 12.5 / 100 = 89.39125 → 89.39.
		{"SLA missed by a second", created.Add(72*time.Hour + time.Second), time.UTC, "12.5", []string{"charge 2026-03 715.13", "sla_credit 2026-03 -89.39"}},
		{"SLA missed, no credit offered", created.Add(100 * time.Hour), time.UTC, "0", []string{"charge 2026-03 715.13"}},
		// 2026-04-01 02:00 UTC is still March 31 in New York.
		{"month in the org's zone", time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC), ny, "12.5", []string{"charge 2026-03 715.13", "sla_credit 2026-03 -89.39"}},
		{"next month in UTC", time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC), time.UTC, "0", []string{"charge 2026-04 715.13"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base
			f.FulfilledAt, f.CreditPercent = tt.fulfilled, d(tt.percent)
			lines := f.Posting(tt.loc).Lines
			var got []string
			for _, l := range lines {
				got = append(got, string(l.Kind)+" "+l.Month.String()+" "+l.Amount.StringFixed(2))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d: got %q, want %q", i, got[i], tt.want[i])
				}
			}
			if lines[0].ID == "" || (len(lines) > 1 && lines[1].ID == lines[0].ID) {
				t.Errorf("line ids must be set and distinct: %q", []string{lines[0].ID})
			}
		})
	}
}

func TestMonthlyFulfilmentPostsNothingButNeedsItsMonthOpen(t *testing.T) {
	at := time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC)
	p := Fulfilment{RequestID: "R1", Pricing: catalog.Monthly, FulfilledAt: at, SLADueAt: at.Add(-time.Hour), CreditPercent: d("10")}.Posting(time.UTC)
	if len(p.Lines) != 0 {
		t.Errorf("lines: got %d, want 0 (recurring lines post at close)", len(p.Lines))
	}
	if got := p.OpenMonths(); len(got) != 1 || got[0].String() != "2026-03" {
		t.Errorf("open months: got %v, want [2026-03]", got)
	}
}

func TestOpenMonthsNamesEachMonthOnce(t *testing.T) {
	mar, apr := mustMonth(t, "2026-03"), mustMonth(t, "2026-04")
	p := Posting{Lines: []Line{{Month: mar}, {Month: apr}, {Month: mar}}, Months: []Month{apr}}
	got := p.OpenMonths()
	if len(got) != 2 || got[0] != apr || got[1] != mar {
		t.Errorf("got %v, want [2026-04 2026-03]", got)
	}
}
