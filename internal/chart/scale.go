package chart

import (
	"math"
	"slices"

	"github.com/shopspring/decimal"
)

// logAbove is the span, in decades, of the positive costs above which the
// cost axis turns logarithmic: a linear axis over more than about one and a
// half decades crowds the cheap services into its left edge.
const logAbove = 1.5

// zeroGap is how far right of the "0" tick a log axis starts when some
// costs are zero or below (a log axis has no zero of its own).
const zeroGap = 40.0

// tick is one labelled mark on the cost axis.
type tick struct {
	at    float64 // x position
	label string
}

// xScale maps a cost to a horizontal position, linearly from zero or on
// a log scale.
type xScale struct {
	log       bool
	top, step decimal.Decimal // linear: the axis runs from 0 to top in steps of step
	lo, hi    float64         // log: log10 of the axis's ends, each 1, 2 or 5 times a power of ten
	zeroSlot  bool            // log: costs at or below zero sit on a "0" tick left of a break
}

// newXScale picks the scale for costs: log when the positive ones span more
// than logAbove decades, else linear from zero to a round number.
func newXScale(costs []decimal.Decimal) xScale {
	var pos []float64
	for _, c := range costs {
		if c.IsPositive() {
			pos = append(pos, c.InexactFloat64())
		}
	}
	if len(pos) >= 2 && math.Log10(slices.Max(pos)/slices.Min(pos)) > logAbove {
		return xScale{
			log: true, lo: math.Log10(step125(slices.Min(pos), false)), hi: math.Log10(step125(slices.Max(pos), true)),
			zeroSlot: len(pos) < len(costs),
		}
	}
	top, step := niceAxis(decimal.Max(costs[0], costs[1:]...))
	return xScale{top: top, step: step}
}

// x maps a cost to its horizontal position; a cost below the axis (zero or
// less on a log axis, less than zero on a linear one) sits at its left end.
func (s xScale) x(cost decimal.Decimal) float64 {
	x0, x1 := plotL+edge, plotR-edge
	if !s.log {
		return x0 + (x1-x0)*math.Max(0, cost.Div(s.top).InexactFloat64())
	}
	if !cost.IsPositive() {
		return x0
	}
	if s.zeroSlot {
		x0 += zeroGap
	}
	v := math.Min(s.hi, math.Max(s.lo, math.Log10(cost.InexactFloat64())))
	return x0 + (x1-x0)*(v-s.lo)/(s.hi-s.lo)
}

// ticks are the cost axis's labelled marks. A linear axis has a tick every
// step; a log axis has one at 1, 2 and 5 times each power of ten when it
// spans up to two and a half decades, else at each power of ten.
func (s xScale) ticks() []tick {
	var out []tick
	if !s.log {
		places := max(0, -s.step.Exponent())
		for v := decimal.Zero; v.LessThanOrEqual(s.top); v = v.Add(s.step) {
			out = append(out, tick{s.x(v), group(v.StringFixed(places))})
		}
		return out
	}
	if s.zeroSlot {
		out = append(out, tick{plotL + edge, "0"})
	}
	every := s.hi-s.lo <= 2.5
	for e := int32(math.Floor(s.lo)); float64(e) <= s.hi; e++ {
		for _, m := range []int64{1, 2, 5} {
			v := decimal.New(m, e)
			if l := math.Log10(v.InexactFloat64()); (m == 1 || every) && l >= s.lo-1e-9 && l <= s.hi+1e-9 {
				out = append(out, tick{s.x(v), group(v.String())})
			}
		}
	}
	return out
}

// title is the cost axis's title, saying when the scale is logarithmic.
func (s xScale) title(currency string) string {
	if s.log {
		return "Average cost per request (" + currency + ", log scale)"
	}
	return "Average cost per request (" + currency + ")"
}

// step125 rounds v > 0 down (or up) to 1, 2 or 5 times a power of ten.
func step125(v float64, up bool) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	steps := []float64{1, 2, 5, 10}
	if up {
		for _, m := range steps {
			if m*p >= v*(1-1e-12) {
				return m * p
			}
		}
	}
	for _, m := range slices.Backward(steps) {
		if m*p <= v*(1+1e-12) {
			return m * p
		}
	}
	return p
}

// niceAxis picks a round step (1, 2 or 5 times a power of ten) giving about
// five ticks, and the first multiple of it at or above top.
func niceAxis(top decimal.Decimal) (decimal.Decimal, decimal.Decimal) {
	if !top.IsPositive() {
		top = decimal.NewFromInt(1)
	}
	raw := top.InexactFloat64() / 5
	exp := int32(math.Floor(math.Log10(raw)))
	step := decimal.New(1, exp+1)
	for _, m := range []int64{5, 2, 1} { // the last that is big enough is the smallest
		if c := decimal.New(m, exp); c.InexactFloat64() >= raw {
			step = c
		}
	}
	return top.Div(step).Ceil().Mul(step), step
}

// y maps a score to its vertical position; the axis always runs from 1 to 5.
func y(score decimal.Decimal) float64 {
	s := math.Min(5, math.Max(1, score.InexactFloat64()))
	return plotB - edge - (plotB-plotT-2*edge)*(s-1)/4
}
