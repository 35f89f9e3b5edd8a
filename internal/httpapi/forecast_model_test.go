package httpapi_test

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

// The forecast property test's model: a plain replay of what happened,
// written from the specification's money rules and budget section without
// the billing package. Months and fiscal years are its own; a subscription's
// days are found by walking the month day by day; every figure is summed
// from the requests, adjustments and closes the test made.

// ym is a calendar month in the org's zone.
type ym struct {
	y int
	m time.Month
}

func ymOf(t time.Time, loc *time.Location) ym { t = t.In(loc); return ym{t.Year(), t.Month()} }

func (a ym) String() string { return time.Date(a.y, a.m, 1, 0, 0, 0, 0, time.UTC).Format("2006-01") }

func (a ym) plus(n int) ym {
	t := time.Date(a.y, a.m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return ym{t.Year(), t.Month()}
}

func (a ym) before(b ym) bool { return a.y < b.y || (a.y == b.y && a.m < b.m) }

// start is the month's first instant in loc.
func (a ym) start(loc *time.Location) time.Time { return time.Date(a.y, a.m, 1, 0, 0, 0, 0, loc) }

// dates are the month's calendar dates, "YYYY-MM-DD", in order.
func (a ym) dates() []string {
	var out []string
	for d := time.Date(a.y, a.m, 1, 12, 0, 0, 0, time.UTC); d.Month() == a.m; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// fiscalYear is the name of the fiscal year (beginning in month start)
// that month a belongs to: the calendar year its last month falls in.
func fiscalYear(a ym, start time.Month) int {
	if start != time.January && a.m >= start {
		return a.y + 1
	}
	return a.y
}

// fiscalMonths are fiscal year fy's twelve months.
func fiscalMonths(fy int, start time.Month) []ym {
	first := ym{fy, time.January}
	if start != time.January {
		first = ym{fy - 1, start}
	}
	out := make([]ym, 12)
	for i := range out {
		out[i] = first.plus(i)
	}
	return out
}

// modelRequest is a request as the model remembers it.
type modelRequest struct {
	id, dept, service string
	pricing           catalog.Pricing
	quantity          decimal.Decimal // as requested (and changed)
	hours             decimal.Decimal // actual hours, hourly services
	quoted            decimal.Decimal
	status            string
	created           time.Time
	fulfilled, ended  time.Time
	slaHours          int
	creditPercent     decimal.Decimal
}

func (r *modelRequest) open() bool {
	return r.status == "submitted" || r.status == "approved" || r.status == "in_progress"
}

func (r *modelRequest) subscription() bool {
	return r.pricing == catalog.Monthly && (r.status == "fulfilled" || r.status == "ended")
}

// estimate is quantity × quoted price to the cent (one month for monthly).
func (r *modelRequest) estimate() decimal.Decimal { return r.quantity.Mul(r.quoted).Round(2) }

// slaMissed: done later than sla_hours after submission.
func (r *modelRequest) slaMissed() bool {
	return r.fulfilled.After(r.created.Add(time.Duration(r.slaHours) * time.Hour))
}

type model struct {
	loc    *time.Location
	fyFrom time.Month
	cat    *catalog.Catalog
	reqs   []*modelRequest
	// adjust: department → month → sum of adjustments.
	adjust map[string]map[ym]decimal.Decimal
	// frozen: closed month → department → its total when it closed.
	frozen map[ym]map[string]decimal.Decimal
	// budgets: fiscal year → department → amount (thresholds are fixed).
	budgets    map[int]map[string]decimal.Decimal
	thresholds []int
}

// priceOn is the service's price effective on a date: the last entry
// effective on or before it.
func (w *model) priceOn(service, date string) decimal.Decimal {
	svc, _ := w.cat.Service(service)
	var p decimal.Decimal
	for _, e := range svc.Prices {
		if e.Effective <= date {
			p = e.UnitPrice
		}
	}
	return p
}

// recurring is the subscription's line for month a: ok false when it runs
// on no date of a.
func (w *model) recurring(r *modelRequest, a ym) (decimal.Decimal, bool) {
	from := r.fulfilled.In(w.loc).Format(time.DateOnly)
	to := "9999-12-31"
	if !r.ended.IsZero() {
		to = r.ended.In(w.loc).Format(time.DateOnly)
	}
	days, first := 0, ""
	all := a.dates()
	for _, d := range all {
		if d >= from && d < to {
			if days == 0 {
				first = d
			}
			days++
		}
	}
	if days == 0 {
		return decimal.Zero, false
	}
	price := w.priceOn(r.service, first)
	return r.quantity.Mul(price).Mul(decimal.NewFromInt(int64(days))).Div(decimal.NewFromInt(int64(len(all)))).Round(2), true
}

// credit is the SLA credit on a first charge, when one is due.
func credit(r *modelRequest, first decimal.Decimal) decimal.Decimal {
	if !r.slaMissed() || !r.creditPercent.IsPositive() {
		return decimal.Zero
	}
	return first.Mul(r.creditPercent).Div(decimal.NewFromInt(100)).Round(2).Neg()
}

// monthTotal is what the department's statement for month a adds up to
// (frozen once the month closed).
func (w *model) monthTotal(dept string, a ym) decimal.Decimal {
	if f, ok := w.frozen[a]; ok {
		return f[dept]
	}
	total := w.adjust[dept][a]
	for _, r := range w.reqs {
		if r.dept != dept || r.fulfilled.IsZero() {
			continue
		}
		switch {
		case r.pricing == catalog.Monthly:
			if line, ok := w.recurring(r, a); ok {
				total = total.Add(line)
				if ymOf(r.fulfilled, w.loc) == a {
					total = total.Add(credit(r, line))
				}
			}
		case ymOf(r.fulfilled, w.loc) == a:
			q := r.quantity
			if r.pricing == catalog.Hourly {
				q = r.hours
			}
			charge := q.Mul(r.quoted).Round(2)
			total = total.Add(charge).Add(credit(r, charge))
		}
	}
	return total
}

// modelForecast is the figures GET /v1/budgets/{year}/{department} must
// answer, as strings the way the API writes them.
type modelForecast struct {
	Actual, Committed, Recurring, Forecast string
	Remaining, UsedPercent, Status         any
	Budget                                 any
	Commitments                            []string
	AsOf                                   string
}

func (w *model) forecast(dept string, fy int, now time.Time) (modelForecast, decimal.Decimal) {
	current := ymOf(now, w.loc)
	var actual, committed, recur decimal.Decimal
	var commitments []string
	for _, a := range fiscalMonths(fy, w.fyFrom) {
		if !current.before(a) {
			actual = actual.Add(w.monthTotal(dept, a))
		}
	}
	for _, r := range w.reqs {
		if r.dept != dept {
			continue
		}
		if r.open() {
			amount := w.commitment(r, fy, current)
			if !amount.IsZero() {
				committed = committed.Add(amount)
				commitments = append(commitments, r.id+" "+r.service+" "+r.status+" "+amount.StringFixed(2))
			}
		}
		if r.subscription() {
			for _, a := range fiscalMonths(fy, w.fyFrom) {
				if line, ok := w.recurring(r, a); ok && current.before(a) {
					recur = recur.Add(line)
				}
			}
		}
	}
	sort.Strings(commitments)
	total := actual.Add(committed).Add(recur)
	out := modelForecast{
		Actual: actual.StringFixed(2), Committed: committed.StringFixed(2), Recurring: recur.StringFixed(2),
		Forecast: total.StringFixed(2), Commitments: commitments, AsOf: current.String(),
	}
	if b, ok := w.budgets[fy][dept]; ok {
		out.Budget = b.StringFixed(2)
		out.Remaining = b.Sub(total).StringFixed(2)
		out.UsedPercent = total.Mul(decimal.NewFromInt(100)).Div(b).Round(1).StringFixed(1)
		out.Status = w.status(total, b)
	}
	return out, total
}

// commitment is what an open request counts in fiscal year fy seen in
// month current: a monthly estimate for each of fy's months from current
// on, another once when current is in fy.
func (w *model) commitment(r *modelRequest, fy int, current ym) decimal.Decimal {
	if r.pricing != catalog.Monthly {
		if fiscalYear(current, w.fyFrom) == fy {
			return r.estimate()
		}
		return decimal.Zero
	}
	n := 0
	for _, a := range fiscalMonths(fy, w.fyFrom) {
		if !a.before(current) {
			n++
		}
	}
	return r.estimate().Mul(decimal.NewFromInt(int64(n)))
}

// status: over above the budget, warning at or past the first threshold.
func (w *model) status(total, budget decimal.Decimal) string {
	switch {
	case total.GreaterThan(budget):
		return "over"
	case total.Mul(decimal.NewFromInt(100)).GreaterThanOrEqual(budget.Mul(decimal.NewFromInt(int64(w.thresholds[0])))):
		return "warning"
	}
	return "ok"
}
