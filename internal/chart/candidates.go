package chart

import (
	"cmp"
	"math"
	"slices"
)

// near is where a w×h label may sit right beside bubble b without a
// leader: right, left, above, below, then the four diagonals.
func near(b bubble, w, h float64) []box {
	gap, d := 3.0, b.r*0.71+2
	return []box{
		{b.cx + b.r + gap, b.cy - h/2, b.cx + b.r + gap + w, b.cy + h/2},
		{b.cx - b.r - gap - w, b.cy - h/2, b.cx - b.r - gap, b.cy + h/2},
		{b.cx - w/2, b.cy - b.r - gap - h, b.cx + w/2, b.cy - b.r - gap},
		{b.cx - w/2, b.cy + b.r + gap, b.cx + w/2, b.cy + b.r + gap + h},
		{b.cx + d, b.cy - d - h, b.cx + d + w, b.cy - d},
		{b.cx - d - w, b.cy - d - h, b.cx - d, b.cy - d},
		{b.cx + d, b.cy + d, b.cx + d + w, b.cy + d + h},
		{b.cx - d - w, b.cy + d, b.cx - d, b.cy + d + h},
	}
}

// ring is where a w×h label may sit on a leader from bubble b, from the
// distance from out to the distance to, nearest first, every 15 degrees
// round. Each box hangs off its point on the side facing away from the
// bubble, so the leader meets its near edge.
func ring(b bubble, w, h, from, to float64) []box {
	var out []box
	for dist := from; dist <= to; dist += 8 {
		for deg := 0; deg < 360; deg += 15 {
			a := float64(deg) * math.Pi / 180
			out = append(out, hang(b.cx+dist*math.Cos(a), b.cy-dist*math.Sin(a), math.Cos(a), -math.Sin(a), w, h))
		}
	}
	return out
}

// hang places a w×h box at (px, py) on the side the direction (dx, dy)
// points to: its left edge at px when pointing right, its right edge when
// pointing left, centred when pointing up or down; likewise vertically.
func hang(px, py, dx, dy, w, h float64) box {
	x0, y0 := px-w/2, py-h/2
	switch {
	case dx > 0.3:
		x0 = px
	case dx < -0.3:
		x0 = px - w
	}
	switch {
	case dy > 0.3:
		y0 = py
	case dy < -0.3:
		y0 = py - h
	}
	return box{x0, y0, x0 + w, y0 + h}
}

// grid is every place in the plot, 8 units apart, a w×h label may sit on a
// leader from bubble b, nearest first.
func grid(b bubble, w, h float64) []box {
	var out []box
	for x := plotL + 2; x+w <= plotR-2; x += 8 {
		for y := plotT + 2; y+h <= plotB-2; y += 8 {
			out = append(out, box{x, y, x + w, y + h})
		}
	}
	slices.SortStableFunc(out, func(p, q box) int { return cmp.Compare(p.dist(b.cx, b.cy), q.dist(b.cx, b.cy)) })
	return out
}
