package satisfaction

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Median is the middle value of xs, or the mean of the middle two when
// their count is even, exactly (nothing is rounded). It is the one median
// of the house: the reports' hours, the chart's quadrant lines and the
// cold-start figures all use it. xs must not be empty; it is not reordered.
func Median(xs []decimal.Decimal) decimal.Decimal {
	s := slices.SortedFunc(slices.Values(xs), decimal.Decimal.Cmp)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1].Add(s[n/2]).Div(decimal.NewFromInt(2))
}

// P90 is the nearest-rank 90th percentile of xs: the value of rank
// ceil(0.9 × n) in ascending order. xs must not be empty; it is not
// reordered.
func P90(xs []decimal.Decimal) decimal.Decimal {
	s := slices.SortedFunc(slices.Values(xs), decimal.Decimal.Cmp)
	rank := (9*len(s) + 9) / 10 // ceil(0.9 × n) in integers
	return s[rank-1]
}

// decimals is whole numbers (such as seconds) as decimals.
func decimals[T ~int64](xs []T) []decimal.Decimal {
	out := make([]decimal.Decimal, len(xs))
	for i, x := range xs {
		out[i] = decimal.NewFromInt(int64(x))
	}
	return out
}
