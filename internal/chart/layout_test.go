package chart

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// checkLayout fails the test for every broken promise of a layout: a bubble
// crossing the frame, a label outside the plot or over another label, a
// caption, a leader or a bubble (its own, unless a number sits inside it),
// a label without a leader as near another bubble as its own, a bubble
// neither named nor numbered, or numbers not running 1 to n.
func checkLayout(t *testing.T, l layout) {
	t.Helper()
	for _, b := range l.bubbles {
		if b.cx-b.r < plotL || b.cx+b.r > plotR || b.cy-b.r < plotT || b.cy+b.r > plotB {
			t.Errorf("bubble %q at (%g, %g) r %g: got across the frame", b.Name, b.cx, b.cy, b.r)
		}
	}
	for i, a := range l.bubbles {
		if !a.lb.inside(plotBox) || a.lb.x1 <= a.lb.x0 {
			t.Errorf("label %q at %v: got outside the plot", a.label(), a.lb)
		}
		for _, q := range l.quadrants {
			if a.lb.overlaps(q, 0) {
				t.Errorf("label %q at %v: got over a quadrant caption at %v", a.label(), a.lb, q)
			}
		}
		for j, b := range l.bubbles {
			if (i != j || !a.inside) && a.lb.hitsCircle(b.cx, b.cy, b.r, 0) {
				t.Errorf("label %q at %v: got over the bubble of %q", a.label(), a.lb, b.Name)
			}
			if i < j && a.lb.overlaps(b.lb, 0) {
				t.Errorf("labels %q at %v and %q at %v: got overlapping", a.label(), a.lb, b.label(), b.lb)
			}
			if i != j && !a.leader && !a.inside && a.lb.dist(b.cx, b.cy)-b.r <= a.lb.dist(a.cx, a.cy)-a.r {
				t.Errorf("label %q at %v: got as near the bubble of %q as its own, with no leader", a.label(), a.lb, b.Name)
			}
			if i != j && b.leader && b.leaderLine().hitsBox(a.lb, 0) {
				t.Errorf("label %q at %v: got crossed by the leader of %q", a.label(), a.lb, b.label())
			}
		}
	}
	for k, i := range l.numbered {
		if got := l.bubbles[i].number; got != k+1 {
			t.Errorf("key entry %d: got number %d", k+1, got)
		}
	}
	var named int
	for _, b := range l.bubbles {
		if b.number == 0 {
			named++
		}
	}
	if named+len(l.numbered) != len(l.bubbles) {
		t.Errorf("got %d named and %d numbered of %d bubbles", named, len(l.numbered), len(l.bubbles))
	}
}

// checkFrame fails the test for every bubble in the rendered SVG that
// crosses the plot's frame.
func checkFrame(t *testing.T, svg []byte) {
	t.Helper()
	for _, el := range parseSVG(t, svg) {
		if el.name != "circle" || el.attrs["fill-opacity"] == "" {
			continue
		}
		f := func(k string) float64 { v, _ := strconv.ParseFloat(el.attrs[k], 64); return v }
		cx, cy, r := f("cx"), f("cy"), f("r")
		if cx-r < plotL || cx+r > plotR || cy-r < plotT || cy+r > plotB {
			t.Errorf("drawn bubble at (%g, %g) r %g: got across the frame", cx, cy, r)
		}
	}
}

// TestLayoutKeepsLabelsApart checks the layout's promises on every golden case.
func TestLayoutKeepsLabelsApart(t *testing.T) {
	for _, tc := range chartCases {
		if len(tc.points) == 0 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			checkLayout(t, newLayout(tc.points))
			checkFrame(t, Render("2026-01", "2026-03", "USD", tc.points, tc.unrated))
		})
	}
}

// randomCatalog is n services with costs spread evenly on a log scale from
// 0.50 to 100,000 (a few free), scores from 1 to 5 and up to 400 requests,
// under names of up to about 50 characters, some of them hostile.
func randomCatalog(r *rand.Rand, n int) []Point {
	words := []string{"EHR", "PACS", "licence", "Wi-Fi", "workstation", "on-call", "Ünïcödé", "报告开发", "<b>", "&amp;", "W", "i", "bell\x07", "]]>", "support", "interface", "build"}
	var pts []Point
	for range n {
		var name []string
		for range 1 + r.IntN(6) {
			name = append(name, words[r.IntN(len(words))])
		}
		cost := decimal.NewFromFloat(math.Exp(math.Log(0.5) + r.Float64()*math.Log(200000))).Round(2)
		if r.IntN(20) == 0 {
			cost = decimal.Zero
		}
		pts = append(pts, Point{
			Name: strings.Join(name, " "), Cost: cost,
			Score: decimal.New(100+r.Int64N(401), -2), Requests: 1 + r.IntN(400),
		})
	}
	return pts
}

// TestLayoutRandomCatalogs checks the layout's promises, and that the SVG is
// well-formed and does not depend on the order of its input, over 200 random
// catalogs of 1 to 40 services.
func TestLayoutRandomCatalogs(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 5))
	for k := range 200 {
		pts := randomCatalog(r, 1+r.IntN(40))
		t.Run(fmt.Sprintf("catalog%03d_%d_services", k, len(pts)), func(t *testing.T) {
			checkLayout(t, newLayout(pts))
			svg := Render("2026-01", "2026-03", "USD", pts, nil)
			checkFrame(t, svg)
			if again := Render("2026-01", "2026-03", "USD", reversed(pts), nil); string(again) != string(svg) {
				t.Error("got a different SVG for the same services in reverse order")
			}
		})
	}
}
