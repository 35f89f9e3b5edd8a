package chart

import "math"

// box is an axis-aligned rectangle, the space a piece of text takes.
type box struct{ x0, y0, x1, y1 float64 }

// overlaps reports whether b and o share any area, with pad units to spare.
func (b box) overlaps(o box, pad float64) bool {
	return b.x0-pad < o.x1 && o.x0 < b.x1+pad && b.y0-pad < o.y1 && o.y0 < b.y1+pad
}

// inside reports whether b lies wholly within o.
func (b box) inside(o box) bool { return b.x0 >= o.x0 && b.x1 <= o.x1 && b.y0 >= o.y0 && b.y1 <= o.y1 }

// nearest is the point of b closest to (x, y).
func (b box) nearest(x, y float64) (float64, float64) {
	return math.Max(b.x0, math.Min(x, b.x1)), math.Max(b.y0, math.Min(y, b.y1))
}

// dist is how far (x, y) lies from b; zero inside it.
func (b box) dist(x, y float64) float64 {
	nx, ny := b.nearest(x, y)
	return math.Hypot(x-nx, y-ny)
}

// hitsCircle reports whether b comes within pad units of the circle at (cx, cy) of radius r.
func (b box) hitsCircle(cx, cy, r, pad float64) bool { return b.dist(cx, cy) < r+pad }

// segment is a straight line from (x0, y0) to (x1, y1): a leader line.
type segment struct{ x0, y0, x1, y1 float64 }

// distTo is how far (x, y) lies from s.
func (s segment) distTo(x, y float64) float64 {
	dx, dy := s.x1-s.x0, s.y1-s.y0
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((x-s.x0)*dx+(y-s.y0)*dy)/l))
	}
	return math.Hypot(x-(s.x0+t*dx), y-(s.y0+t*dy))
}

// hitsBox reports whether s passes within pad units of b (clipping s to b
// grown by pad, Liang–Barsky).
func (s segment) hitsBox(b box, pad float64) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := s.x1-s.x0, s.y1-s.y0
	for _, e := range [4][2]float64{{-dx, s.x0 - (b.x0 - pad)}, {dx, (b.x1 + pad) - s.x0}, {-dy, s.y0 - (b.y0 - pad)}, {dy, (b.y1 + pad) - s.y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// crosses reports whether s and o intersect.
func (s segment) crosses(o segment) bool {
	side := func(ax, ay, bx, by, cx, cy float64) float64 { return (bx-ax)*(cy-ay) - (by-ay)*(cx-ax) }
	d1, d2 := side(o.x0, o.y0, o.x1, o.y1, s.x0, s.y0), side(o.x0, o.y0, o.x1, o.y1, s.x1, s.y1)
	d3, d4 := side(s.x0, s.y0, s.x1, s.y1, o.x0, o.y0), side(s.x0, s.y0, s.x1, s.y1, o.x1, o.y1)
	return d1*d2 < 0 && d3*d4 < 0
}
