package load

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSummarize(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100 down to 1
	}
	tests := []struct {
		name    string
		samples []time.Duration
		want    Summary
	}{
		{"none", nil, Summary{}},
		{"one", ms(7), Summary{Count: 1, P50: 7 * time.Millisecond, P99: 7 * time.Millisecond, Max: 7 * time.Millisecond}},
		// Nearest rank: p50 of 4 is the 2nd (ceil(2)), p99 the 4th (ceil(3.96)).
		{"even count, unsorted", ms(40, 10, 30, 20), Summary{Count: 4, P50: 20 * time.Millisecond, P99: 40 * time.Millisecond, Max: 40 * time.Millisecond}},
		{"odd count", ms(5, 1, 3), Summary{Count: 3, P50: 3 * time.Millisecond, P99: 5 * time.Millisecond, Max: 5 * time.Millisecond}},
		// 1..100: p50 is the 50th, p99 the 99th, below the max.
		{"a hundred", ms(hundred...), Summary{Count: 100, P50: 50 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]time.Duration(nil), tt.samples...)
			if diff := cmp.Diff(tt.want, Summarize(tt.samples)); diff != "" {
				t.Errorf("Summarize (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.samples); diff != "" {
				t.Errorf("Summarize changed its input (-before +after):\n%s", diff)
			}
		})
	}
}

func TestPercentileEdges(t *testing.T) {
	sorted := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		p    int
		want time.Duration
	}{{1, 1}, {10, 1}, {11, 2}, {50, 5}, {51, 6}, {90, 9}, {99, 10}, {100, 10}}
	for _, tt := range tests {
		if got := Percentile(sorted, tt.p); got != tt.want {
			t.Errorf("p%d of 1..10: got %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := Percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing: got %v, want 0", got)
	}
}

func TestRatioAndVerdict(t *testing.T) {
	tests := []struct {
		name    string
		a, b    time.Duration
		want    float64
		verdict string
	}{
		{"equal", 10, 10, 1, "PASS"},
		{"at the target", 15, 10, 1.5, "PASS"},
		{"over the target", 16, 10, 1.6, "MISS"},
		{"faster than raw", 5, 10, 0.5, "PASS"},
		{"no raw samples", 10, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Ratio(tt.a, tt.b)
			if got != tt.want {
				t.Errorf("Ratio(%v, %v): got %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if v := verdict(got, 1.5); v != tt.verdict {
				t.Errorf("verdict(%v): got %q, want %q", got, v, tt.verdict)
			}
		})
	}
}

func TestRecorderKeepsNoWarmupLatency(t *testing.T) {
	rec := newRecorder(time.Now().Add(-time.Second))
	rec.ok("op", 2*time.Second) // started before measuring began
	rec.ok("op", time.Millisecond)
	rec.fail("op", "503", "busy")
	rec.fail("op", "503", "busy again")
	rec.fail("op", "transport", "refused")
	got := rec.stats("op")
	want := OpStats{
		Summary: Summary{Count: 1, P50: time.Millisecond, P99: time.Millisecond, Max: time.Millisecond},
		Warm:    1, Errors: 3, Failures: map[string]int{"503": 2, "transport": 1}, Example: "503: busy",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
}
