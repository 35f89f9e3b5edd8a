package billing

import (
	"fmt"
	"time"

	"chargeback/internal/errs"
)

// Month is a calendar month in the org's time zone: the period a statement
// line belongs to and the unit finance closes. The zero Month is not valid.
type Month struct {
	year  int
	month time.Month
}

// monthLayout is how a month is written: "YYYY-MM".
const monthLayout = "2006-01"

// MonthOf is the month t falls in, in loc.
func MonthOf(t time.Time, loc *time.Location) Month {
	t = t.In(loc)
	return Month{t.Year(), t.Month()}
}

// ParseMonth reads a month written "YYYY-MM", years 2000 to 2999.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse(monthLayout, s)
	if err != nil || t.Format(monthLayout) != s || t.Year() < 2000 || t.Year() > 2999 {
		return Month{}, fmt.Errorf("%q is not a month written YYYY-MM", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// String writes the month as "YYYY-MM".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.year, int(m.month)) }

// IsZero reports whether m is the zero Month.
func (m Month) IsZero() bool { return m == Month{} }

// Next is the month after m.
func (m Month) Next() Month { return m.add(1) }

// Prev is the month before m.
func (m Month) Prev() Month { return m.add(-1) }

func (m Month) add(n int) Month {
	t := time.Date(m.year, m.month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// Before reports whether m comes before o.
func (m Month) Before(o Month) bool {
	return m.year < o.year || (m.year == o.year && m.month < o.month)
}

// CheckBegun returns a field error naming field when m comes after the
// month now falls in (in loc): a month that has not begun has no
// statement, report or adjustment yet. It is the one wording of that rule.
func (m Month) CheckBegun(field string, now time.Time, loc *time.Location) *errs.FieldError {
	if current := MonthOf(now, loc); current.Before(m) {
		return &errs.FieldError{Field: field, Message: "is after the current month " + current.String() + "; it has not begun"}
	}
	return nil
}

// Days is the number of days in the month.
func (m Month) Days() int {
	return time.Date(m.year, m.month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Start is the first instant of the month in loc.
func (m Month) Start(loc *time.Location) time.Time {
	return time.Date(m.year, m.month, 1, 0, 0, 0, 0, loc)
}

// End is the first instant after the month in loc: the Start of the next.
func (m Month) End(loc *time.Location) time.Time { return m.Next().Start(loc) }

// LastDay is the month's last calendar date, "YYYY-MM-DD".
func (m Month) LastDay() string {
	return time.Date(m.year, m.month, m.Days(), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// Day is the calendar date of t in loc, "YYYY-MM-DD": the day prices are
// looked up on.
func Day(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }
