// Package chart is an SVG layout engine for the cost/satisfaction bubble
// chart: it places each service by cost per request and average
// satisfaction, keeps labels apart, and writes a deterministic, escaped SVG.
package chart

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// The chart's canvas, plot area and type sizes, in SVG user units.
const (
	chartW, chartH          = 960.0, 600.0
	plotL, plotR            = 96.0, 930.0
	plotT, plotB            = 84.0, 500.0
	plotPadY                = 18.0 // keeps bubbles at 1 and 5 off the plot edge
	labelSize               = 13.0
	minRadius, maxRadius    = 4.0, 28.0
	chartFont               = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
	inkColour, mutedColour  = "#1a1a1a", "#4d4d4d"
	bubbleFill, bubbleEdge  = "#0072B2", "#004f7c" // Okabe-Ito blue, safe for colour-blind readers
	gridColour, medianColor = "#e3e3e3", "#6b6b6b"
	maxLabelRunes           = 30
)

// Point is one service on the cost/satisfaction chart.
type Point struct {
	Name     string          // service name, the bubble's label
	Cost     decimal.Decimal // x: average cost per request, in the currency
	Score    decimal.Decimal // y: average satisfaction, 1 to 5
	Requests int             // bubble AREA is proportional to this (min radius so a 0 or 1 is still visible)
}

// box is an axis-aligned rectangle, the space a piece of text takes.
type box struct{ x0, y0, x1, y1 float64 }

// overlaps reports whether b and o share any area, with pad units to spare.
func (b box) overlaps(o box, pad float64) bool {
	return b.x0-pad < o.x1 && o.x0 < b.x1+pad && b.y0-pad < o.y1 && o.y0 < b.y1+pad
}

// inside reports whether b lies wholly within o.
func (b box) inside(o box) bool { return b.x0 >= o.x0 && b.x1 <= o.x1 && b.y0 >= o.y0 && b.y1 <= o.y1 }

// hitsCircle reports whether b comes within pad units of the circle at (cx, cy) of radius r.
func (b box) hitsCircle(cx, cy, r, pad float64) bool {
	dx, dy := cx-math.Max(b.x0, math.Min(cx, b.x1)), cy-math.Max(b.y0, math.Min(cy, b.y1))
	return dx*dx+dy*dy < (r+pad)*(r+pad)
}

// bubble is a point placed on the canvas with its label's text and box, and
// whether the label sits apart, joined by a leader line.
type bubble struct {
	Point
	cx, cy, r float64
	label     string
	lb        box
	leader    bool
}

// chartLayout is everything Render draws for a non-empty chart.
type chartLayout struct {
	xTop, xStep decimal.Decimal // the x axis runs from 0 to xTop in steps of xStep
	medX, medY  float64         // where the median lines cross
	bubbles     []bubble        // in drawing order: largest first, so small ones stay visible
	quadrants   []box           // the four corner captions' boxes, in quadrantNames order
}

// quadrantNames are the corner captions: top-left, top-right, bottom-left, bottom-right.
var quadrantNames = [4]string{"Cheap and loved", "Costly and loved", "Cheap and disliked", "Costly and disliked"}

// Render draws the SVG: points, the range caption, the currency for the x axis title, and the
// names of services that had activity but no survey responses (they have no y value; list them in a
// footnote under the chart). With no points it draws a clear message instead of an empty chart.
func Render(from, to string, currency string, points []Point, unrated []string) []byte {
	var w bytes.Buffer
	period := from + " to " + to
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%g" height="%g" font-family="%s" role="img">`+"\n", chartW, chartH, chartW, chartH, chartFont)
	text(&w, "title", 0, 0, 0, "", "", "Cost and satisfaction by service, "+period)
	fmt.Fprintf(&w, `<rect width="%g" height="%g" fill="#ffffff"/>`+"\n", chartW, chartH)
	text(&w, "text", 40, 36, 22, inkColour, `font-weight="600"`, "Cost per request and satisfaction, by service")
	text(&w, "text", 40, 60, 15, mutedColour, "", "Services, "+period+". Bubble area shows the number of requests.")
	if len(points) == 0 {
		fmt.Fprintf(&w, `<rect x="%g" y="%g" width="%g" height="%g" rx="8" fill="#f4f4f4" stroke="#cccccc"/>`+"\n", plotL, plotT, plotR-plotL, plotB-plotT)
		text(&w, "text", (plotL+plotR)/2, (plotT+plotB)/2, 20, inkColour, `text-anchor="middle"`, "No services with rated activity in "+period)
	} else {
		l := layoutChart(points)
		drawAxes(&w, l, currency)
		drawBubbles(&w, l, currency)
	}
	drawFootnote(&w, unrated)
	w.WriteString("</svg>\n")
	return w.Bytes()
}

// layoutChart scales the points, finds the medians and places every label.
func layoutChart(points []Point) chartLayout {
	pts := slices.Clone(points)
	slices.SortStableFunc(pts, func(a, b Point) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), strings.Compare(a.Name, b.Name))
	})
	var l chartLayout
	costs, scores, most := make([]decimal.Decimal, len(pts)), make([]decimal.Decimal, len(pts)), 1
	for i, p := range pts {
		costs[i], scores[i], most = p.Cost, p.Score, max(most, p.Requests)
	}
	l.xTop, l.xStep = niceAxis(decimal.Max(costs[0], costs[1:]...))
	l.medX, l.medY = l.x(median(costs)), y(median(scores))
	for i, name := range quadrantNames {
		wd := textWidth(name, labelSize)
		x0, y0 := []float64{plotL + 8, plotR - 8 - wd}[i%2], []float64{plotT + 6, plotB - 6 - labelSize}[i/2]
		l.quadrants = append(l.quadrants, box{x0, y0, x0 + wd, y0 + labelSize})
	}
	for _, p := range pts {
		r := math.Max(minRadius, maxRadius*math.Sqrt(float64(max(p.Requests, 0))/float64(most)))
		l.bubbles = append(l.bubbles, bubble{Point: p, cx: l.x(p.Cost), cy: y(p.Score), r: r, label: shorten(p.Name)})
	}
	for i := range l.bubbles {
		l.bubbles[i].lb, l.bubbles[i].leader = l.placeLabel(i)
	}
	return l
}

// placeLabel finds a free spot for bubble i's label: beside, above, below or
// diagonal to the bubble (first off the median lines, then across them), else
// further out on a leader line (first one that crosses no label, then any),
// else (a very crowded chart) to its right regardless.
func (l chartLayout) placeLabel(i int) (box, bool) {
	b := l.bubbles[i]
	wd, h, gap, d := textWidth(b.label, labelSize), labelSize, 4.0, b.r*0.7+2
	near := []box{
		{b.cx + b.r + gap, b.cy - h/2, b.cx + b.r + gap + wd, b.cy + h/2},
		{b.cx - b.r - gap - wd, b.cy - h/2, b.cx - b.r - gap, b.cy + h/2},
		{b.cx - wd/2, b.cy - b.r - gap - h, b.cx + wd/2, b.cy - b.r - gap},
		{b.cx - wd/2, b.cy + b.r + gap, b.cx + wd/2, b.cy + b.r + gap + h},
		{b.cx + d, b.cy - d - h, b.cx + d + wd, b.cy - d},
		{b.cx - d - wd, b.cy - d - h, b.cx - d, b.cy - d},
		{b.cx + d, b.cy + d, b.cx + d + wd, b.cy + d + h},
		{b.cx - d - wd, b.cy + d, b.cx - d, b.cy + d + h},
	}
	var far []box
	for dist := b.r + 24; dist < 320; dist += 12 {
		for deg := 0; deg < 360; deg += 30 {
			a := float64(deg) * math.Pi / 180
			cx, cy := b.cx+dist*math.Cos(a), b.cy-dist*math.Sin(a)
			far = append(far, box{cx - wd/2, cy - h/2, cx + wd/2, cy + h/2})
		}
	}
	for try, cands := range [][]box{near, near, far, far} {
		for _, c := range cands {
			if l.free(c, i, try == 0) && (try != 2 || l.clearPath(b, c, i)) {
				return c, try >= 2
			}
		}
	}
	return near[0], false
}

// free reports whether c lies in the plot clear of the quadrant captions,
// every bubble, the labels of bubbles before the i-th and, if strict, the
// median lines.
func (l chartLayout) free(c box, i int, strict bool) bool {
	if !c.inside(box{plotL + 2, plotT + 2, plotR - 2, plotB - 2}) {
		return false
	}
	if strict && (c.overlaps(box{l.medX, plotT, l.medX, plotB}, 2) || c.overlaps(box{plotL, l.medY, plotR, l.medY}, 2)) {
		return false
	}
	for _, q := range l.quadrants {
		if c.overlaps(q, 3) {
			return false
		}
	}
	for j, o := range l.bubbles {
		if c.hitsCircle(o.cx, o.cy, o.r, 1) || j < i && (c.overlaps(o.lb, 2) || o.leader && o.leaderHits(c)) {
			return false
		}
	}
	return true
}

// clearPath reports whether a leader from b to a label at c would miss the
// labels of bubbles before the i-th.
func (l chartLayout) clearPath(b bubble, c box, i int) bool {
	b.lb = c
	for _, o := range l.bubbles[:i] {
		if b.leaderHits(o.lb) {
			return false
		}
	}
	return true
}

// leaderEnd is where b's leader line meets its label: the label's nearest point.
func (b bubble) leaderEnd() (float64, float64) {
	return math.Max(b.lb.x0, math.Min(b.cx, b.lb.x1)), math.Max(b.lb.y0, math.Min(b.cy, b.lb.y1))
}

// leaderHits reports whether b's leader line passes through c, by testing
// points a unit apart along it.
func (b bubble) leaderHits(c box) bool {
	tx, ty := b.leaderEnd()
	n := math.Ceil(math.Hypot(tx-b.cx, ty-b.cy))
	for k := 0.0; k <= n; k++ {
		x, y := b.cx+(tx-b.cx)*k/n, b.cy+(ty-b.cy)*k/n
		if x > c.x0-2 && x < c.x1+2 && y > c.y0-2 && y < c.y1+2 {
			return true
		}
	}
	return false
}

// x maps a cost to its horizontal position, keeping a negative one on the axis.
func (l chartLayout) x(cost decimal.Decimal) float64 {
	return plotL + (plotR-plotL)*math.Max(0, cost.Div(l.xTop).InexactFloat64())
}

// y maps a score to its vertical position; the axis always runs from 1 to 5.
func y(score decimal.Decimal) float64 {
	s := math.Min(5, math.Max(1, score.InexactFloat64()))
	return plotB - plotPadY - (plotB-plotT-2*plotPadY)*(s-1)/4
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

// median is the middle value, or the mean of the two middle values.
func median(vals []decimal.Decimal) decimal.Decimal {
	s := slices.SortedFunc(slices.Values(vals), decimal.Decimal.Cmp)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return s[len(s)/2-1].Add(s[len(s)/2]).Div(decimal.NewFromInt(2))
}

// drawAxes draws the grid, ticks, axis titles, median lines and quadrant captions.
func drawAxes(w *bytes.Buffer, l chartLayout, currency string) {
	places := max(0, -l.xStep.Exponent())
	for v := decimal.Zero; v.LessThanOrEqual(l.xTop); v = v.Add(l.xStep) {
		line(w, l.x(v), plotT, l.x(v), plotB, `stroke="`+gridColour+`"`)
		text(w, "text", l.x(v), plotB+22, 13, mutedColour, `text-anchor="middle"`, v.StringFixed(places))
	}
	for s := int64(1); s <= 5; s++ {
		yy := y(decimal.NewFromInt(s))
		line(w, plotL, yy, plotR, yy, `stroke="`+gridColour+`"`)
		text(w, "text", plotL-10, yy+4, 13, mutedColour, `text-anchor="end"`, strconv.FormatInt(s, 10))
	}
	fmt.Fprintf(w, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#8c8c8c"/>`+"\n", plotL, plotT, plotR-plotL, plotB-plotT)
	text(w, "text", (plotL+plotR)/2, plotB+50, 15, inkColour, `text-anchor="middle"`, "Average cost per request ("+currency+")")
	text(w, "text", 0, 0, 15, inkColour, fmt.Sprintf(`text-anchor="middle" transform="translate(36 %g) rotate(-90)"`, (plotT+plotB)/2), "Average satisfaction (1–5)")
	dash := `stroke="` + medianColor + `" stroke-width="1.5" stroke-dasharray="6 5"`
	line(w, l.medX, plotT, l.medX, plotB, `class="median-x" `+dash)
	line(w, plotL, l.medY, plotR, l.medY, `class="median-y" `+dash)
	for i, q := range l.quadrants {
		text(w, "text", q.x0, q.y1-3, labelSize, mutedColour, `font-style="italic"`, quadrantNames[i])
	}
}

// drawBubbles draws each bubble, its figures in a tooltip, then over them all a dot at each bubble's
// centre and its label, joined to the dot by a leader line if set apart.
func drawBubbles(w *bytes.Buffer, l chartLayout, currency string) {
	for _, b := range l.bubbles {
		fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="%s" fill="%s" fill-opacity="0.55" stroke="%s" stroke-width="1.5">`, num(b.cx), num(b.cy), num(b.r), bubbleFill, bubbleEdge)
		text(w, "title", 0, 0, 0, "", "", fmt.Sprintf("%s: %s %s per request, satisfaction %s of 5, %d requests", b.Name, b.Cost.StringFixed(2), currency, b.Score.StringFixed(2), b.Requests))
		w.WriteString("</circle>\n")
	}
	for _, b := range l.bubbles {
		if b.leader {
			tx, ty := b.leaderEnd()
			line(w, b.cx, b.cy, tx, ty, `stroke="`+inkColour+`"`)
		}
		fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="2" fill="%s"/>`+"\n", num(b.cx), num(b.cy), inkColour)
		text(w, "text", b.lb.x0, b.lb.y1-3, labelSize, inkColour, `class="label" stroke="#ffffff" stroke-width="3" paint-order="stroke"`, b.label)
	}
}

// drawFootnote names the services left off the chart for want of survey responses.
func drawFootnote(w *bytes.Buffer, unrated []string) {
	if len(unrated) == 0 {
		return
	}
	names := slices.Sorted(slices.Values(unrated))
	note := "Not shown, no survey responses: " + names[0]
	for i, n := range names[1:] {
		if rest := fmt.Sprintf(" and %d more", len(names)-1-i); textWidth(note+", "+n+rest, 13) > chartW-80 {
			note += rest
			break
		}
		note += ", " + n
	}
	text(w, "text", 40, chartH-16, 13, mutedColour, "", note+".")
}

// text writes one element holding s, escaped, so a name is only ever text.
// Position and size are left out when size is 0.
func text(w *bytes.Buffer, el string, x, y, size float64, fill, attrs, s string) {
	w.WriteString("<" + el)
	if size > 0 {
		fmt.Fprintf(w, ` x="%s" y="%s" font-size="%g" fill="%s"`, num(x), num(y), size, fill)
	}
	if attrs != "" {
		w.WriteString(" " + attrs)
	}
	w.WriteString(">")
	xml.EscapeText(w, []byte(s)) // a bytes.Buffer never fails to write
	w.WriteString("</" + el + ">\n")
}

// line writes a line from (x1, y1) to (x2, y2) with the given attributes.
func line(w *bytes.Buffer, x1, y1, x2, y2 float64, attrs string) {
	fmt.Fprintf(w, `<line x1="%s" y1="%s" x2="%s" y2="%s" %s/>`+"\n", num(x1), num(y1), num(x2), num(y2), attrs)
}

// textWidth estimates the width of s at the given font size.
func textWidth(s string, size float64) float64 { return 0.6 * size * float64(len([]rune(s))) }

// shorten cuts a long name to fit a label, marking the cut with an ellipsis.
func shorten(name string) string {
	if r := []rune(name); len(r) > maxLabelRunes {
		return string(r[:maxLabelRunes-1]) + "…"
	}
	return name
}

// num formats a coordinate to one decimal place, dropping a trailing ".0".
func num(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(math.Round(v*10)/10+0, 'f', 1, 64), ".0")
}
