package chart

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// How hard a label looks for room, from the strictest level to the most
// lenient. Names are tried at the first three levels only; a number, being
// small and explained in the key, keeps looking until it finds room.
const (
	offMedians  = iota // beside the bubble or on a short leader, clear of the median lines
	onMedians          // the same, allowed across the median lines
	overBubbles        // a number further out, its leader allowed across other bubbles
	anywhere           // a number anywhere free in the plot, its leader allowed across other leaders too
)

// placeAll names every bubble that has room for its name and figures,
// busiest first, then numbers the rest by cost and places their numbers.
func (l *layout) placeAll() {
	var pending []int
	for i := range l.bubbles {
		if !l.placeName(i) {
			pending = append(pending, i)
		}
	}
	l.numbered = slices.Clone(pending)
	slices.SortStableFunc(l.numbered, func(a, b int) int {
		p, q := l.bubbles[a], l.bubbles[b]
		return cmp.Or(p.Cost.Cmp(q.Cost), strings.Compare(p.Name, q.Name), p.Score.Cmp(q.Score))
	})
	for n, i := range l.numbered {
		l.bubbles[i].number = n + 1
	}
	for _, i := range pending {
		l.placeNumber(i)
	}
}

// placeName looks for room for bubble i's name and figures beside it or on
// a short leader, on one line or, failing that, the figures under the name,
// and reports whether it found some.
func (l *layout) placeName(i int) bool {
	b := l.bubbles[i]
	w, h := textWidth(b.name, labelSize)+textWidth("  "+b.figures, labelSize), labelSize
	w2, h2 := math.Max(textWidth(b.name, labelSize), textWidth(b.figures, labelSize)), 2*labelSize+lineGap
	for level := offMedians; level <= onMedians; level++ {
		for _, far := range []bool{false, true} {
			for _, two := range []bool{false, true} {
				cw, ch := w, h
				if two {
					cw, ch = w2, h2
				}
				cands := near(b, cw, ch)
				if far {
					cands = ring(b, cw, ch, b.r+12, b.r+150)
				}
				if l.tryAll(i, cands, far, level) {
					l.bubbles[i].twoLines = two
					return true
				}
			}
		}
	}
	return false
}

// placeNumber finds room for bubble i's number: inside the bubble when it
// is big enough, beside it, on a leader, or at the last anywhere free.
func (l *layout) placeNumber(i int) {
	b := l.bubbles[i]
	w, h := textWidth(b.label(), labelSize)*1.1+2, labelSize
	if c := (box{b.cx - w/2, b.cy - h/2, b.cx + w/2, b.cy + h/2}); math.Hypot(w, h)/2 <= b.r-1 && l.fits(i, c, false, offMedians) {
		l.bubbles[i].inside = true
		l.keep(i, c, false)
		return
	}
	for level := offMedians; level <= anywhere; level++ {
		far := ring(b, w, h, b.r+10, 260)
		if level == anywhere {
			far = grid(b, w, h)
		}
		if l.tryAll(i, near(b, w, h), false, level) || l.tryAll(i, far, true, level) {
			return
		}
	}
	l.keep(i, near(b, w, h)[0], false) // not reached: a number always finds room somewhere in the plot
}

// tryAll keeps the first of cands that fits, and reports whether one did.
func (l *layout) tryAll(i int, cands []box, leader bool, level int) bool {
	for _, c := range cands {
		if l.fits(i, c, leader, level) {
			l.keep(i, c, leader)
			return true
		}
	}
	return false
}

// keep records c as bubble i's label, with its leader if it has one.
func (l *layout) keep(i int, c box, leader bool) {
	l.bubbles[i].lb, l.bubbles[i].leader = c, leader
	l.placed = append(l.placed, c)
	if leader {
		l.leaders = append(l.leaders, l.bubbles[i].leaderLine())
	}
}

// fits reports whether bubble i's label may sit at c: inside the plot, clear
// of every label, caption, leader and other bubble, and, at the strictest
// level, of the median lines. A label beside its bubble must be nearer to it
// than to any other; a leader must cross no label, no other leader nor,
// below overBubbles, another bubble; at the last level it may cross other
// leaders.
func (l *layout) fits(i int, c box, leader bool, level int) bool {
	b := l.bubbles[i]
	if !c.inside(box{plotL + 2, plotT + 2, plotR - 2, plotB - 2}) {
		return false
	}
	if level == offMedians && (c.overlaps(box{l.medX, plotT, l.medX, plotB}, 2) || c.overlaps(box{plotL, l.medY, plotR, l.medY}, 2)) {
		return false
	}
	for _, p := range l.placed {
		if c.overlaps(p, 5) { // apart enough that two labels never read as one
			return false
		}
	}
	for _, s := range l.leaders {
		if s.hitsBox(c, clearance(level)) {
			return false
		}
	}
	own := c.dist(b.cx, b.cy) - b.r
	for j, o := range l.bubbles {
		if j != i && (c.hitsCircle(o.cx, o.cy, o.r, 1) || !leader && c.dist(o.cx, o.cy)-o.r < own+3) {
			return false
		}
	}
	if c.hitsCircle(b.cx, b.cy, b.r, 0.5) {
		return false
	}
	if !leader {
		return true
	}
	b.lb = c
	s := b.leaderLine()
	for _, p := range l.placed {
		if s.hitsBox(p, clearance(level)) {
			return false
		}
	}
	for _, o := range l.leaders {
		if level < anywhere && s.crosses(o) {
			return false
		}
	}
	if level < overBubbles {
		for j, o := range l.bubbles {
			if j != i && s.distTo(o.cx, o.cy) < o.r+1 {
				return false
			}
		}
	}
	return true
}

// clearance is how far a leader keeps from labels: well clear, so no label
// seems to hang on another's leader, except as a last resort.
func clearance(level int) float64 {
	if level == anywhere {
		return 1
	}
	return 4
}
