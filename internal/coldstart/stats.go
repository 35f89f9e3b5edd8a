package coldstart

import (
	"slices"
	"time"
)

// Median is the middle of ds, or the mean of the two middle values when
// there are an even number of them. It is 0 for no samples.
func Median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return s[mid-1] + (s[mid]-s[mid-1])/2
}

// P90 is the 90th percentile of ds by nearest rank: the smallest sample
// that at least 90% of the samples do not exceed. It is 0 for no samples.
func P90(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	rank := (len(s)*9 + 9) / 10 // ceil(0.9 × n), 1-based
	return s[rank-1]
}
