package chart

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// costs builds decimals from strings.
func costs(ss ...string) []decimal.Decimal {
	var out []decimal.Decimal
	for _, s := range ss {
		out = append(out, decimal.RequireFromString(s))
	}
	return out
}

// TestNiceAxis checks a linear x axis ends on a round number in round steps.
func TestNiceAxis(t *testing.T) {
	tests := []struct{ max, wantTop, wantStep string }{
		{"80", "80", "20"},
		{"47.3", "50", "10"},
		{"310", "400", "100"},
		{"0.42", "0.5", "0.1"},
		{"0", "1", "0.2"},
		{"1234", "1500", "500"},
	}
	for _, tc := range tests {
		t.Run(tc.max, func(t *testing.T) {
			top, step := niceAxis(decimal.RequireFromString(tc.max))
			if top.String() != tc.wantTop || step.String() != tc.wantStep {
				t.Errorf("got top %s step %s, want %s step %s", top, step, tc.wantTop, tc.wantStep)
			}
		})
	}
}

// TestXScaleTicks checks when the cost axis turns logarithmic, and that its
// ticks are round values a reader can read.
func TestXScaleTicks(t *testing.T) {
	tests := []struct {
		name      string
		costs     []decimal.Decimal
		wantLog   bool
		wantTicks []string
	}{
		{"a decade and a bit stays linear", costs("12.50", "310"), false, []string{"0", "100", "200", "300", "400"}},
		{"one positive cost stays linear", costs("0", "13800"), false, []string{"0", "5,000", "10,000", "15,000"}},
		{"two decades: 1, 2 and 5 ticks", costs("3", "450"), true, []string{"2", "5", "10", "20", "50", "100", "200", "500"}},
		{"the outlier: a tick a decade", costs("11.25", "13800"), true, []string{"10", "100", "1,000", "10,000"}},
		{"zero gets its own tick", costs("0.00", "11.25", "13800"), true, []string{"0", "10", "100", "1,000", "10,000"}},
		{"cents", costs("0.5", "100000"), true, []string{"1", "10", "100", "1,000", "10,000", "100,000"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newXScale(tc.costs)
			var got []string
			for _, tk := range s.ticks() {
				got = append(got, tk.label)
				if tk.at < plotL+edge-0.01 || tk.at > plotR-edge+0.01 {
					t.Errorf("tick %s at %g: got outside the axis", tk.label, tk.at)
				}
			}
			if s.log != tc.wantLog {
				t.Errorf("got log %v, want %v", s.log, tc.wantLog)
			}
			if diff := cmp.Diff(tc.wantTicks, got); diff != "" {
				t.Errorf("ticks (-want +got):\n%s", diff)
			}
		})
	}
}

// TestChartMedianLines checks the dashed quadrant lines sit at the medians,
// worked out by hand. The bubbles keep 28 units inside the frame, so costs
// run from x 124 to 840 (716 units) and scores from y 472 (score 1) up to
// 140 (score 5), 332 units for 4 points of score.
func TestChartMedianLines(t *testing.T) {
	tests := []struct {
		name         string
		points       []Point
		wantX, wantY string
	}{
		// Costs 5, 1, 3: median 3 on an axis to 5, x = 124 + 716 × 3/5 = 553.6.
		// Scores 4, 2, 5: median 4, y = 472 − 332 × 3/4 = 223.
		{"odd", []Point{pt("a", "5", "4", 1), pt("b", "1", "2", 1), pt("c", "3", "5", 1)}, "553.6", "223"},
		// Costs 10, 20, 30, 80: median 25 on an axis to 80 (steps of 20),
		// x = 124 + 716 × 25/80 = 347.75. Scores 2, 3, 4, 5: median 3.5,
		// y = 472 − 332 × 2.5/4 = 264.5.
		{"even", []Point{pt("a", "80", "5", 1), pt("b", "10", "2", 1), pt("c", "30", "3", 1), pt("d", "20", "4", 1)}, "347.8", "264.5"},
		// Costs 10, 100, 1000 span two decades: log from 10 to 1000, so the
		// median 100 sits halfway, x = 124 + 716/2 = 482.
		{"log", []Point{pt("a", "10", "4", 1), pt("b", "100", "4", 1), pt("c", "1000", "4", 1)}, "482", "223"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			for _, el := range parseSVG(t, Render("2026-01", "2026-03", "USD", tc.points, nil)) {
				switch el.attrs["class"] {
				case "median-x":
					got["x1"], got["x2"] = el.attrs["x1"], el.attrs["x2"]
				case "median-y":
					got["y1"], got["y2"] = el.attrs["y1"], el.attrs["y2"]
				}
			}
			want := map[string]string{"x1": tc.wantX, "x2": tc.wantX, "y1": tc.wantY, "y2": tc.wantY}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("median lines (-want +got):\n%s", diff)
			}
		})
	}
}
