package billing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Subscription is a fulfilled monthly request as its recurring lines see
// it: it runs from the date of Start (inclusive) to the date of End
// (exclusive; zero while it runs).
type Subscription struct {
	RequestID     string
	Department    string
	ServiceID     string
	ServiceName   string
	Unit          string
	Quantity      decimal.Decimal
	Start         time.Time
	End           time.Time
	SLAMet        bool
	CreditPercent decimal.Decimal
}

// PriceOn is the catalog price of a subscription's service on a calendar
// date, "YYYY-MM-DD"; false when the service has no price that day.
type PriceOn func(day string) (decimal.Decimal, bool)

// Lines are the lines the subscription posts in month m, with days counted
// in loc: its recurring line when it runs on at least one day of m,
// round2(quantity × unit price × days / days in m) at the price effective on
// the first charged day; and, with its first recurring line, the SLA credit
// it earned. A month it does not run in posts nothing.
func (s Subscription) Lines(m Month, price PriceOn, loc *time.Location) ([]Line, error) {
	first, days := s.daysIn(m, loc)
	if days <= 0 {
		return nil, nil
	}
	day := first.Format(time.DateOnly)
	unitPrice, ok := price(day)
	if !ok {
		return nil, fmt.Errorf("billing: service %s of request %s has no price on %s", s.ServiceID, s.RequestID, day)
	}
	amount := s.Quantity.Mul(unitPrice).Mul(decimal.NewFromInt(int64(days))).Div(decimal.NewFromInt(int64(m.Days())))
	line := Line{
		ID: s.RequestID + "-recurring-" + m.String(), Month: m, Department: s.Department, Kind: KindRecurring,
		RequestID: s.RequestID, ServiceID: s.ServiceID, ServiceName: s.ServiceName, Description: s.ServiceName,
		Quantity: s.Quantity, Unit: s.Unit, UnitPrice: unitPrice, Days: days, Amount: Round2(amount),
		PostedAt: m.End(loc),
	}
	lines := []Line{line}
	if MonthOf(s.Start, loc) == m {
		if credit, ok := SLACredit(line, s.SLAMet, s.CreditPercent); ok {
			lines = append(lines, credit)
		}
	}
	return lines, nil
}

// RunsIn reports whether the subscription is charged for at least one day
// of m.
func (s Subscription) RunsIn(m Month, loc *time.Location) bool {
	_, days := s.daysIn(m, loc)
	return days > 0
}

// daysIn is the first date of m the subscription runs on and the number of
// dates of m it runs on: from the start date (inclusive) to the end date
// (exclusive), both in loc.
func (s Subscription) daysIn(m Month, loc *time.Location) (time.Time, int) {
	from, to := date(m.Start(loc), loc), date(m.End(loc), loc)
	if start := date(s.Start, loc); start.After(from) {
		from = start
	}
	if !s.End.IsZero() {
		if end := date(s.End, loc); end.Before(to) {
			to = end
		}
	}
	return from, int(to.Sub(from).Hours() / 24)
}

// date is the calendar date of t in loc, as midnight UTC, so that dates
// subtract to whole days whatever the zone's daylight saving does.
func date(t time.Time, loc *time.Location) time.Time {
	y, mo, d := t.In(loc).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}

// MonthsThrough is every month from `from` to `to`, both included, oldest
// first; none when to is before from.
func MonthsThrough(from, to Month) []Month {
	var out []Month
	for m := from; !to.Before(m); m = m.Next() {
		out = append(out, m)
	}
	return out
}
