package billing

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// This file checks NewChanges against a second, deliberately simple
// decomposition over random pairs of months: money in whole cents, units
// as exact fractions (big.Rat), the rate rounded by roundCents.

// changePairs is how many random pairs of months the property test
// compares.
const changePairs = 4000

// randomMonthLines is a month of one department's lines: some of the
// services, each with a few charge and recurring lines at the month's price
// (which may differ from the last month's), partial months, SLA credits and
// adjustments with or without a service.
func randomMonthLines(r *rand.Rand, m Month, prices map[string]int64) []Line {
	var lines []Line
	dim := m.Days()
	n := 0
	id := func() string { n++; return fmt.Sprintf("L%04d", n) }
	for i := range 8 {
		service := fmt.Sprintf("svc-%d", i)
		if r.IntN(3) == 0 {
			continue // not charged this month
		}
		if r.IntN(3) == 0 {
			prices[service] = 1 + r.Int64N(200000) // a new price
		}
		pc := prices[service]
		for range r.IntN(3) {
			qc := 1 + r.Int64N(5000)
			lines = append(lines, Line{ID: id(), Month: m, Kind: KindCharge, ServiceID: service, ServiceName: "Service " + service,
				Quantity: cents(qc), UnitPrice: cents(pc), Amount: cents(roundCents(frac(qc*pc, 100*100)))})
		}
		for range r.IntN(3) {
			qc, days := 1+r.Int64N(5000), dim
			if r.IntN(2) == 0 {
				days = 1 + r.IntN(dim) // starts or ends within the month
			}
			lines = append(lines, Line{ID: id(), Month: m, Kind: KindRecurring, ServiceID: service, ServiceName: "Service " + service,
				Quantity: cents(qc), UnitPrice: cents(pc), Days: days,
				Amount: cents(roundCents(frac(qc*pc*int64(days), 100*100*int64(dim))))})
		}
		if r.IntN(5) == 0 {
			lines = append(lines, Line{ID: id(), Month: m, Kind: KindSLACredit, ServiceID: service, Amount: cents(-1 - r.Int64N(50000))})
		}
	}
	for range r.IntN(3) {
		service := ""
		if r.IntN(2) == 0 {
			service = fmt.Sprintf("svc-%d", r.IntN(10))
		}
		amount := 1 + r.Int64N(100000)
		if r.IntN(2) == 0 {
			amount = -amount
		}
		lines = append(lines, Line{ID: id(), Month: m, Kind: KindAdjustment, ServiceID: service, Amount: cents(amount)})
	}
	return lines
}

// modelChange is the model's split of one service's difference, in cents.
type modelChange struct {
	previous, amount, rate, volume, newly, ended int64
}

// modelUse is one service in one month: cents, and units as a fraction.
type modelUse struct {
	cents   int64
	units   *big.Rat
	charged bool
}

func modelUsage(m Month, lines []Line) map[string]*modelUse {
	out := map[string]*modelUse{}
	for _, l := range lines {
		if l.Kind != KindCharge && l.Kind != KindRecurring {
			continue
		}
		u := out[l.ServiceID]
		if u == nil {
			u = &modelUse{units: new(big.Rat), charged: true}
			out[l.ServiceID] = u
		}
		u.cents += l.Amount.Shift(2).IntPart()
		q := frac(l.Quantity.Shift(2).IntPart(), 100)
		if l.Kind == KindRecurring {
			q.Mul(q, frac(int64(l.Days), int64(m.Days())))
		}
		u.units.Add(u.units, q)
	}
	return out
}

// modelChanges is the decomposition as SPEC words it, one service at a time.
func modelChanges(prevMonth, month Month, before, now []Line) map[string]modelChange {
	was, is := modelUsage(prevMonth, before), modelUsage(month, now)
	out := map[string]modelChange{}
	for id, p := range was {
		if is[id] == nil {
			out[id] = modelChange{previous: p.cents, ended: -p.cents}
		}
	}
	for id, c := range is {
		p := was[id]
		if p == nil {
			out[id] = modelChange{amount: c.cents, newly: c.cents}
			continue
		}
		// rate = round2(amount − previous_amount × units / previous_units)
		expected := new(big.Rat).Mul(frac(p.cents, 100), c.units)
		expected.Quo(expected, p.units)
		rate := roundCents(new(big.Rat).Sub(frac(c.cents, 100), expected))
		out[id] = modelChange{previous: p.cents, amount: c.cents, rate: rate, volume: c.cents - p.cents - rate}
	}
	return out
}

func TestChangesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(16, 4))
	for pair := range changePairs {
		month := Month{2024 + r.IntN(4), time.Month(1 + r.IntN(12))}
		prev := month.Prev()
		prices := map[string]int64{}
		for i := range 10 {
			prices[fmt.Sprintf("svc-%d", i)] = 1 + r.Int64N(200000)
		}
		before, now := randomMonthLines(r, prev, prices), randomMonthLines(r, month, prices)
		got := NewChanges(NewStatement(prev, "radiology", "Radiology", "CC-4100", before),
			NewStatement(month, "radiology", "Radiology", "CC-4100", now))
		want := modelChanges(prev, month, before, now)

		name := fmt.Sprintf("pair %d (%s → %s)", pair, prev, month)
		checkSumRule(t, got)
		if len(got.Items) != len(want) {
			t.Fatalf("%s: got %d items, want %d", name, len(got.Items), len(want))
		}
		for i, item := range got.Items {
			w, found := want[item.ServiceID]
			if !found {
				t.Fatalf("%s: got an item for %s, which the model does not have", name, item.ServiceID)
			}
			gotCents := modelChange{
				previous: item.PreviousAmount.Shift(2).IntPart(), amount: item.Amount.Shift(2).IntPart(),
				rate: item.Rate.Shift(2).IntPart(), volume: item.Volume.Shift(2).IntPart(),
				newly: item.New.Shift(2).IntPart(), ended: item.Ended.Shift(2).IntPart(),
			}
			if gotCents != w {
				t.Fatalf("%s: %s: got %+v, want %+v (cents)", name, item.ServiceID, gotCents, w)
			}
			if i > 0 {
				a, b := got.Items[i-1], item
				if c := a.Difference.Abs().Cmp(b.Difference.Abs()); c < 0 || (c == 0 && a.ServiceID > b.ServiceID) {
					t.Fatalf("%s: %s (%s) comes before %s (%s)", name, a.ServiceID, a.Difference, b.ServiceID, b.Difference)
				}
			}
		}
		if !slices.IsSortedFunc(got.Items, func(a, b ServiceChange) int { return b.Difference.Abs().Cmp(a.Difference.Abs()) }) {
			t.Fatalf("%s: items are not largest first", name)
		}
	}
}
