package chart

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"chargeback/internal/satisfaction"

	"github.com/shopspring/decimal"
)

// bubble is a point placed on the canvas with its label: either its name
// and figures, or (when those found no room) a number that the key explains.
type bubble struct {
	Point
	cx, cy, r float64
	name      string // the name as printed: shortened when very long
	figures   string // cost and score as printed beside the name
	number    int    // the key's number for it; 0 when named in place
	lb        box    // where the label sits
	leader    bool   // whether a leader line joins label and bubble
	inside    bool   // whether the number sits inside the bubble, over its centre
	twoLines  bool   // whether the figures sit under the name rather than beside it
}

// label is the text the bubble carries: its number, or its name and figures.
func (b bubble) label() string {
	if b.number > 0 {
		return strconv.Itoa(b.number)
	}
	return b.name + "  " + b.figures
}

// leaderLine runs from the bubble's edge to the nearest point of its label.
func (b bubble) leaderLine() segment {
	tx, ty := b.lb.nearest(b.cx, b.cy)
	d := math.Hypot(tx-b.cx, ty-b.cy)
	if d == 0 {
		return segment{b.cx, b.cy, tx, ty}
	}
	return segment{b.cx + (tx-b.cx)*b.r/d, b.cy + (ty-b.cy)*b.r/d, tx, ty}
}

// layout is everything Render draws for a non-empty chart.
type layout struct {
	scale             xScale
	medCost, medScore decimal.Decimal
	medX, medY        float64  // where the median lines cross
	bubbles           []bubble // in drawing order: largest first, so small ones stay visible
	quadrants         []box    // the four corner captions' boxes, in quadrantNames order
	placed            []box    // labels placed so far, with the captions
	leaders           []segment
	numbered          []int // indexes of numbered bubbles, in number order
}

// quadrantNames are the corner captions: top-left, top-right, bottom-left, bottom-right.
var quadrantNames = [4]string{"Cheap and loved", "Costly and loved", "Cheap and disliked", "Costly and disliked"}

// plotBox is the frame the bubbles and labels stay inside.
var plotBox = box{plotL, plotT, plotR, plotB}

// newLayout scales the points, finds the medians and places every label.
func newLayout(points []Point) layout {
	pts := slices.Clone(points)
	slices.SortStableFunc(pts, func(a, b Point) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), strings.Compare(a.Name, b.Name),
			a.Cost.Cmp(b.Cost), a.Score.Cmp(b.Score))
	})
	var l layout
	costs, scores, most := make([]decimal.Decimal, len(pts)), make([]decimal.Decimal, len(pts)), 1
	for i, p := range pts {
		costs[i], scores[i], most = p.Cost, p.Score, max(most, p.Requests)
	}
	l.scale = newXScale(costs)
	l.medCost, l.medScore = satisfaction.Median(costs), satisfaction.Median(scores)
	l.medX, l.medY = l.scale.x(l.medCost), y(l.medScore)
	for i, name := range quadrantNames {
		wd := textWidth(name, labelSize)
		x0, y0 := []float64{plotL + 6, plotR - 6 - wd}[i%2], []float64{plotT + 5, plotB - 5 - labelSize}[i/2]
		l.quadrants = append(l.quadrants, box{x0, y0, x0 + wd, y0 + labelSize})
	}
	l.placed = slices.Clone(l.quadrants)
	for _, p := range pts {
		r := math.Max(minRadius, maxRadius*math.Sqrt(float64(max(p.Requests, 0))/float64(most)))
		l.bubbles = append(l.bubbles, bubble{Point: p, cx: l.scale.x(p.Cost), cy: y(p.Score), r: r,
			name: shorten(p.Name), figures: money(p.Cost) + " · " + p.Score.StringFixed(2)})
	}
	l.placeAll()
	return l
}

// keyRows is how many lines the key under the chart takes: the numbered
// services in two columns.
func (l layout) keyRows() int {
	if len(l.numbered) == 0 {
		return 0
	}
	return 1 + (len(l.numbered)+1)/2
}

// shorten cuts a very long name to fit a label, marking the cut with an ellipsis.
func shorten(name string) string {
	if r := []rune(name); len(r) > maxLabelRunes {
		return string(r[:maxLabelRunes-1]) + "…"
	}
	return name
}
