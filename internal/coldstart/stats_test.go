package coldstart

import (
	"testing"
	"time"
)

func TestMedianAndP90(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		ds := make([]time.Duration, len(vs))
		for i, v := range vs {
			ds[i] = time.Duration(v) * time.Millisecond
		}
		return ds
	}
	tests := []struct {
		name       string
		samples    []time.Duration
		wantMedian time.Duration
		wantP90    time.Duration
	}{
		{name: "no samples", samples: nil, wantMedian: 0, wantP90: 0},
		{name: "one sample", samples: ms(7), wantMedian: 7 * time.Millisecond, wantP90: 7 * time.Millisecond},
		{name: "odd count, unsorted", samples: ms(9, 1, 5), wantMedian: 5 * time.Millisecond, wantP90: 9 * time.Millisecond},
		{name: "even count takes the mean of the middle two", samples: ms(4, 1, 3, 2), wantMedian: 2500 * time.Microsecond, wantP90: 4 * time.Millisecond},
		{name: "six samples: p90 rounds the rank up", samples: ms(6, 5, 4, 3, 2, 1), wantMedian: 3500 * time.Microsecond, wantP90: 6 * time.Millisecond},
		{name: "ten samples: p90 is the ninth", samples: ms(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), wantMedian: 5500 * time.Microsecond, wantP90: 9 * time.Millisecond},
		{name: "eleven samples: p90 is the tenth", samples: ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100), wantMedian: 6 * time.Millisecond, wantP90: 10 * time.Millisecond},
		{name: "twenty samples: p90 is the eighteenth", samples: ms(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1), wantMedian: 10500 * time.Microsecond, wantP90: 18 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]time.Duration(nil), tt.samples...)
			if got := Median(tt.samples); got != tt.wantMedian {
				t.Errorf("Median = %v, want %v", got, tt.wantMedian)
			}
			if got := P90(tt.samples); got != tt.wantP90 {
				t.Errorf("P90 = %v, want %v", got, tt.wantP90)
			}
			for i := range before {
				if tt.samples[i] != before[i] {
					t.Fatalf("samples reordered: got %v, want %v", tt.samples, before)
				}
			}
		})
	}
}
