package coldstart

import (
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/satisfaction"
)

// Median is the middle of ds, or the mean of the two middle values when
// there are an even number of them (satisfaction.Median, to the
// nanosecond). It is 0 for no samples.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return time.Duration(satisfaction.Median(nanoseconds(ds)).IntPart())
}

// P90 is the 90th percentile of ds by nearest rank (satisfaction.P90): the
// smallest sample that at least 90% of the samples do not exceed. It is 0
// for no samples.
func P90(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return time.Duration(satisfaction.P90(nanoseconds(ds)).IntPart())
}

// nanoseconds is ds as decimals of nanoseconds.
func nanoseconds(ds []time.Duration) []decimal.Decimal {
	out := make([]decimal.Decimal, len(ds))
	for i, d := range ds {
		out[i] = decimal.NewFromInt(int64(d))
	}
	return out
}
