package catalog

import (
	"time"

	"github.com/shopspring/decimal"
)

// dateLayout is the calendar-date form of every date in the catalog.
const dateLayout = "2006-01-02"

// PriceOn returns the unit price in effect on day, a "YYYY-MM-DD" calendar
// date: the price of the latest entry whose Effective date is on or before
// day. It returns false when day is before the first price or is not a valid
// date.
func (s Service) PriceOn(day string) (decimal.Decimal, bool) {
	p, ok := s.CurrentPrice(day)
	return p.UnitPrice, ok
}

// CurrentPrice is PriceOn returning the whole price entry, so a caller can
// also tell since when the price has applied.
func (s Service) CurrentPrice(day string) (Price, bool) {
	if !validDate(day) {
		return Price{}, false
	}
	var (
		best  Price
		found bool
	)
	// A validated catalog keeps prices in date order; scanning them all keeps
	// the answer right for a Service built by hand in any order. Dates in
	// YYYY-MM-DD form compare correctly as strings.
	for _, p := range s.Prices {
		if p.Effective <= day && (!found || p.Effective > best.Effective) {
			best, found = p, true
		}
	}
	return best, found
}

// validDate reports whether s is a real calendar date written exactly as
// YYYY-MM-DD.
func validDate(s string) bool {
	t, err := time.Parse(dateLayout, s)
	return err == nil && t.Format(dateLayout) == s
}

// moneyProblem returns what is wrong with d as a unit price, or "" when it
// is fine: a price is never negative and has at most two decimal places.
func moneyProblem(d decimal.Decimal) string {
	switch {
	case d.IsNegative():
		return "must not be negative"
	case !d.Equal(d.Round(2)):
		return "must have at most 2 decimal places"
	}
	return ""
}
