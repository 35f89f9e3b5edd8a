package billing

import (
	"fmt"
	"strconv"
	"time"
)

// FiscalYear is the org's budget year: twelve months that begin in the
// month the setting CHARGEBACK_FISCAL_YEAR_START names. Fiscal year YYYY is
// the twelve months that end in calendar year YYYY: with start 7, 2027 is
// 2026-07 to 2027-06; with start 1 it is the calendar year. The zero
// FiscalYear is not valid.
type FiscalYear struct {
	year  int
	start time.Month
}

// ParseFiscalYearStart reads the fiscal year's first month, "1" to "12";
// empty means 1 (January).
func ParseFiscalYearStart(s string) (time.Month, error) {
	if s == "" {
		return time.January, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 12 || strconv.Itoa(n) != s {
		return 0, fmt.Errorf("%q is not a month number 1 to 12", s)
	}
	return time.Month(n), nil
}

// FiscalYearOf is the fiscal year, beginning in month start, that m
// belongs to; a start that is not a month (the zero value) is January.
func FiscalYearOf(m Month, start time.Month) FiscalYear {
	if start < time.January || start > time.December {
		start = time.January
	}
	if start != time.January && m.month >= start {
		return FiscalYear{m.year + 1, start}
	}
	return FiscalYear{m.year, start}
}

// ParseFiscalYear reads a fiscal year written "YYYY", years 2000 to 2999,
// beginning in month start.
func ParseFiscalYear(s string, start time.Month) (FiscalYear, error) {
	n, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || n < 2000 || n > 2999 {
		return FiscalYear{}, fmt.Errorf("%q is not a fiscal year written YYYY", s)
	}
	if start < time.January || start > time.December {
		start = time.January
	}
	return FiscalYear{n, start}, nil
}

// String writes the fiscal year as "YYYY": the calendar year it ends in.
func (y FiscalYear) String() string { return fmt.Sprintf("%04d", y.year) }

// Year is the calendar year the fiscal year ends in.
func (y FiscalYear) Year() int { return y.year }

// First is the fiscal year's first month.
func (y FiscalYear) First() Month {
	if y.start == time.January {
		return Month{y.year, time.January}
	}
	return Month{y.year - 1, y.start}
}

// Last is the fiscal year's last month.
func (y FiscalYear) Last() Month { return y.First().add(11) }

// Months is the fiscal year's twelve months, in order.
func (y FiscalYear) Months() []Month {
	out := make([]Month, 12)
	for i := range out {
		out[i] = y.First().add(i)
	}
	return out
}

// Contains reports whether m is one of the fiscal year's months.
func (y FiscalYear) Contains(m Month) bool { return FiscalYearOf(m, y.start) == y }
