package billing

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"
)

// Changes explains the difference between a department's statement for a
// month and its statement for the month before, to the cent: per service
// (over its charge and recurring lines), then the SLA credits and the
// adjustments, whatever service those name. The items' differences plus
// the SLA-credit and adjustment differences equal Difference, which is
// Total − PreviousTotal.
type Changes struct {
	Month, PreviousMonth             Month
	Total, PreviousTotal, Difference decimal.Decimal
	// Items are ordered by the size of their difference, largest first,
	// then by service id.
	Items       []ServiceChange
	SLACredits  Bucket
	Adjustments Bucket
}

// ServiceChange is how one service's charges moved from one month to the
// next. Difference = Rate + Volume + New + Ended; the parts that do not
// apply are zero:
//
//   - a service charged in both months splits its difference into Rate,
//     what the price change alone explains (what it costs now less what
//     the previous month's amount would cost at this month's units), and
//     Volume, the rest (more or fewer units);
//   - a service charged only now is all New (its amount);
//   - a service charged only before is all Ended (minus its previous amount).
type ServiceChange struct {
	ServiceID, ServiceName             string
	PreviousAmount, Amount, Difference decimal.Decimal
	Rate, Volume, New, Ended           decimal.Decimal
}

// Bucket is one kind of line that is not a service's charge (SLA credits,
// adjustments) in both months.
type Bucket struct {
	Previous, Current, Difference decimal.Decimal
}

// usage is one service's charge and recurring lines in one month: their
// amount, and their units times the month's days (scaled so that it stays
// an exact decimal: a recurring line's quantity × days / days_in_month
// becomes quantity × days).
type usage struct {
	name   string
	amount decimal.Decimal
	scaled decimal.Decimal
}

// monthUsage sums a statement's lines per service, and the SLA credits and
// the adjustments (every line that is not a service's charge) apart.
func monthUsage(s Statement) (map[string]*usage, decimal.Decimal, decimal.Decimal) {
	days := decimal.NewFromInt(int64(s.Month.Days()))
	services := map[string]*usage{}
	credits, adjustments := decimal.Zero, decimal.Zero
	for _, l := range s.Lines {
		var units decimal.Decimal
		switch l.Kind {
		case KindCharge:
			units = l.Quantity.Mul(days)
		case KindRecurring:
			units = l.Quantity.Mul(decimal.NewFromInt(int64(l.Days)))
		case KindSLACredit:
			credits = credits.Add(l.Amount)
			continue
		default:
			adjustments = adjustments.Add(l.Amount)
			continue
		}
		u := services[l.ServiceID]
		if u == nil {
			u = &usage{name: l.ServiceName}
			services[l.ServiceID] = u
		}
		u.amount = u.amount.Add(l.Amount)
		u.scaled = u.scaled.Add(units)
	}
	return services, credits, adjustments
}

// NewChanges compares a department's statement for a month (current) with
// its statement for the month before (previous).
func NewChanges(previous, current Statement) Changes {
	before, prevCredits, prevAdjust := monthUsage(previous)
	now, credits, adjust := monthUsage(current)
	out := Changes{
		Month: current.Month, PreviousMonth: previous.Month,
		Total: current.Total, PreviousTotal: previous.Total, Difference: current.Total.Sub(previous.Total),
		Items:       []ServiceChange{},
		SLACredits:  Bucket{Previous: prevCredits, Current: credits, Difference: credits.Sub(prevCredits)},
		Adjustments: Bucket{Previous: prevAdjust, Current: adjust, Difference: adjust.Sub(prevAdjust)},
	}
	prevDays := decimal.NewFromInt(int64(previous.Month.Days()))
	days := decimal.NewFromInt(int64(current.Month.Days()))
	for id, u := range now {
		out.Items = append(out.Items, serviceChange(id, before[id], u, prevDays, days))
	}
	for id, p := range before {
		if now[id] == nil {
			out.Items = append(out.Items, serviceChange(id, p, nil, prevDays, days))
		}
	}
	slices.SortFunc(out.Items, func(a, b ServiceChange) int {
		if c := b.Difference.Abs().Cmp(a.Difference.Abs()); c != 0 {
			return c
		}
		return cmp.Compare(a.ServiceID, b.ServiceID)
	})
	return out
}

// serviceChange splits one service's difference; prev or cur is nil when
// the service was not charged that month. prevDays and days are the two
// months' days, which undo usage's scaling.
func serviceChange(id string, prev, cur *usage, prevDays, days decimal.Decimal) ServiceChange {
	c := ServiceChange{ServiceID: id, Rate: decimal.Zero, Volume: decimal.Zero, New: decimal.Zero, Ended: decimal.Zero}
	switch {
	case prev == nil:
		c.ServiceName, c.Amount, c.New = cur.name, cur.amount, cur.amount
	case cur == nil:
		c.ServiceName, c.PreviousAmount, c.Ended = prev.name, prev.amount, prev.amount.Neg()
	default:
		c.ServiceName, c.PreviousAmount, c.Amount = cur.name, prev.amount, cur.amount
	}
	c.Difference = c.Amount.Sub(c.PreviousAmount)
	if prev == nil || cur == nil {
		return c
	}
	// units / previous_units = (cur.scaled / days) / (prev.scaled / prevDays),
	// so rate = round2(amount − previous_amount × units / previous_units)
	// is one exact quotient, rounded once.
	den := days.Mul(prev.scaled)
	if den.IsZero() {
		// No units to compare against (quantities are positive, so this
		// does not happen): the price explains it all.
		c.Rate = c.Difference
		return c
	}
	num := cur.amount.Mul(den).Sub(prev.amount.Mul(cur.scaled).Mul(prevDays))
	c.Rate = Round2Quotient(num, den)
	c.Volume = c.Difference.Sub(c.Rate)
	return c
}
