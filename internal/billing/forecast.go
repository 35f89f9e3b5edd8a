package billing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// The forecast answers a department head's "where will we end the fiscal
// year?": what is spent, what is committed and what running subscriptions
// will still cost, each counted once. It looks forward from the current
// month: commitments and subscriptions count in the fiscal year's months
// from the current month on, so a past year has none and a year still to
// come counts all twelve.

// MonthTotal is a department's statement total for one month: as frozen
// when the month is closed, else as its preview.
type MonthTotal struct {
	Month  Month
	Total  decimal.Decimal
	Closed bool
}

// OpenRequest is a request not yet fulfilled (submitted, approved or in
// progress) as the forecast sees it.
type OpenRequest struct {
	RequestID string
	ServiceID string
	Status    string
	// Monthly says the estimate is one month of a subscription.
	Monthly  bool
	Estimate decimal.Decimal
}

// Commitment is what an open request is expected to cost in the fiscal
// year, traced to the request.
type Commitment struct {
	RequestID string
	ServiceID string
	Status    string
	Amount    decimal.Decimal
}

// ForecastFacts are what the store reads for one department's forecast.
type ForecastFacts struct {
	Year       FiscalYear
	Department string
	// Current is the month of now, in the org's zone.
	Current Month
	// Months are the statement totals of the year's months up to the
	// current month; months without activity may be left out.
	Months []MonthTotal
	Open   []OpenRequest
	// Subscriptions are the department's subscriptions still running when
	// the month after the current one begins (with or without an end to
	// come); others are ignored.
	Subscriptions []Subscription
	Budget        *Budget
}

// BudgetStatus says how a forecast stands against its budget.
type BudgetStatus string

// The statuses of a forecast against its budget.
const (
	// BudgetOK is below the budget's first threshold.
	BudgetOK BudgetStatus = "ok"
	// BudgetWarning is at or past the first threshold, within the budget.
	BudgetWarning BudgetStatus = "warning"
	// BudgetOver is a forecast above the budget.
	BudgetOver BudgetStatus = "over"
)

// Forecast is a department's fiscal year as seen now. Remaining,
// UsedPercent and Status are set only when it has a budget.
type Forecast struct {
	Year        FiscalYear
	Department  string
	Actual      decimal.Decimal
	Committed   decimal.Decimal
	Commitments []Commitment
	Recurring   decimal.Decimal
	Total       decimal.Decimal
	Budget      *Budget
	Remaining   *decimal.Decimal
	UsedPercent *decimal.Decimal
	Status      BudgetStatus
}

// NewForecast computes a department's forecast from the facts: actual is
// the sum of the month totals in the year up to the current month;
// committed the open requests' commitments (CommitmentFor); recurring the
// lines each subscription will post in the year's months after the current
// one, by the money rules, at the catalog's price on each month's first
// charged day, future prices included.
func NewForecast(f ForecastFacts, b Org) (Forecast, error) {
	out := Forecast{Year: f.Year, Department: f.Department, Budget: f.Budget, Commitments: []Commitment{}}
	for _, m := range f.Months {
		if f.Year.Contains(m.Month) && !f.Current.Before(m.Month) {
			out.Actual = out.Actual.Add(m.Total)
		}
	}
	for _, r := range f.Open {
		amount := CommitmentFor(r.Estimate, r.Monthly, f.Year, f.Current)
		if amount.IsZero() {
			continue
		}
		out.Committed = out.Committed.Add(amount)
		out.Commitments = append(out.Commitments, Commitment{RequestID: r.RequestID, ServiceID: r.ServiceID, Status: r.Status, Amount: amount})
	}
	for _, sub := range f.Subscriptions {
		svc, ok := b.Catalog.Service(sub.ServiceID)
		if !ok {
			return out, fmt.Errorf("billing: subscription %s: service %q is not in the catalog", sub.RequestID, sub.ServiceID)
		}
		for _, m := range f.Year.Months() {
			if !f.Current.Before(m) {
				continue
			}
			lines, err := sub.Lines(m, svc.PriceOn, b.Location)
			if err != nil {
				return out, err
			}
			for _, l := range lines {
				out.Recurring = out.Recurring.Add(l.Amount)
			}
		}
	}
	out.Total = out.Actual.Add(out.Committed).Add(out.Recurring)
	return out.againstBudget(), nil
}

// againstBudget sets the forecast's remaining, used percent and status
// from its total, when it has a budget.
func (f Forecast) againstBudget() Forecast {
	if f.Budget != nil {
		remaining := f.Budget.Amount.Sub(f.Total)
		used := UsedPercent(f.Total, f.Budget.Amount)
		f.Remaining, f.UsedPercent, f.Status = &remaining, &used, f.Budget.StatusAt(f.Total)
	}
	return f
}

// Plus is the forecast with amount more committed: what it becomes once
// a request estimated at that much is filed.
func (f Forecast) Plus(amount decimal.Decimal) Forecast {
	f.Committed = f.Committed.Add(amount)
	f.Total = f.Total.Add(amount)
	return f.againstBudget()
}

// CommitmentFor is what an open request with this estimate is expected to
// cost in fiscal year y, seen in month current: a one-time or hourly
// estimate once, when the current month is in y; a monthly one for each
// month of y from the current month to the year's end.
func CommitmentFor(estimate decimal.Decimal, monthly bool, y FiscalYear, current Month) decimal.Decimal {
	if !monthly {
		if y.Contains(current) {
			return estimate
		}
		return decimal.Zero
	}
	months := 0
	for _, m := range y.Months() {
		if !m.Before(current) {
			months++
		}
	}
	return estimate.Mul(decimal.NewFromInt(int64(months)))
}

// UsedPercent is round1(forecast / budget × 100).
func UsedPercent(forecast, budget decimal.Decimal) decimal.Decimal {
	return forecast.Mul(decimal.NewFromInt(100)).DivRound(budget, 16).Round(1)
}

// StatusAt is how a forecast stands against the budget: over when above
// it, warning at or past the first threshold, else ok.
func (b Budget) StatusAt(forecast decimal.Decimal) BudgetStatus {
	switch crossed := b.Crossed(forecast); {
	case forecast.GreaterThan(b.Amount):
		return BudgetOver
	case len(crossed) > 0:
		return BudgetWarning
	}
	return BudgetOK
}

// Crossed is the budget's thresholds the forecast is at or past, exactly
// (forecast × 100 ≥ threshold × amount), lowest first.
func (b Budget) Crossed(forecast decimal.Decimal) []int {
	var out []int
	scaled := forecast.Mul(decimal.NewFromInt(100))
	for _, t := range b.Thresholds {
		if scaled.GreaterThanOrEqual(b.Amount.Mul(decimal.NewFromInt(int64(t)))) {
			out = append(out, t)
		}
	}
	return out
}

// Impact is the budget block of a quote or a created request: the
// department's remaining budget for the current fiscal year before and
// after a request that commits amount.
type Impact struct {
	Year             FiscalYear
	RemainingBefore  decimal.Decimal
	RemainingAfter   decimal.Decimal
	UsedPercentAfter decimal.Decimal
	StatusAfter      BudgetStatus
}

// ImpactOf is what committing amount more does to forecast f, which must
// have a budget.
func ImpactOf(f Forecast, amount decimal.Decimal) Impact {
	after := f.Plus(amount)
	return Impact{
		Year: f.Year, RemainingBefore: *f.Remaining, RemainingAfter: *after.Remaining,
		UsedPercentAfter: *after.UsedPercent, StatusAfter: after.Status,
	}
}

// FiscalYearAt is the fiscal year, beginning in month start, holding the
// instant now in loc.
func FiscalYearAt(now time.Time, start time.Month, loc *time.Location) FiscalYear {
	return FiscalYearOf(MonthOf(now, loc), start)
}
