package load

import (
	"slices"
	"time"
)

// Summary describes a set of latency samples.
type Summary struct {
	// Count is the number of samples.
	Count int
	// P50 and P99 are nearest-rank percentiles: the smallest sample that
	// at least 50% (99%) of the samples do not exceed.
	P50, P99 time.Duration
	// Max is the slowest sample.
	Max time.Duration
}

// Summarize sorts a copy of samples and returns their summary; no samples
// give the zero Summary.
func Summarize(samples []time.Duration) Summary {
	if len(samples) == 0 {
		return Summary{}
	}
	s := slices.Sorted(slices.Values(samples))
	return Summary{Count: len(s), P50: Percentile(s, 50), P99: Percentile(s, 99), Max: s[len(s)-1]}
}

// Percentile is the p-th percentile (0 < p <= 100) of sorted samples by
// nearest rank: the sample at rank ceil(p/100 × n), 1-based. It is 0 for
// no samples.
func Percentile(sorted []time.Duration, p int) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := (n*p + 99) / 100 // ceil(p × n / 100)
	return sorted[min(max(rank, 1), n)-1]
}

// Ratio is a over b, or 0 when b is 0.
func Ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
