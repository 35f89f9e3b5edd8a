// Package chart is an SVG layout engine for the cost/satisfaction bubble
// chart: it places each service by cost per request and average
// satisfaction, picks a linear or log cost axis, keeps every label clear of
// the others, numbers what it cannot name in place and lists those in a key,
// and writes a deterministic, escaped SVG.
//
// It knows nothing of HTTP or storage: callers hand it plain points.
package chart

import (
	"bytes"
	"fmt"

	"github.com/shopspring/decimal"
)

// The chart's canvas, plot area and type sizes, in SVG user units.
const (
	chartW                  = 960.0
	plotL, plotR            = 96.0, 868.0
	plotT, plotB            = 112.0, 500.0
	minRadius, maxRadius    = 4.0, 24.0
	edge                    = maxRadius + 4 // room inside each side of the frame, so no bubble crosses it
	labelSize, keySize      = 13.0, 12.0
	lineGap                 = 2.0 // between the lines of a two-line label
	keyLine                 = 18.0
	maxLabelRunes           = 40
	chartFont               = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
	inkColour, mutedColour  = "#1a1a1a", "#4d4d4d"
	bubbleFill, bubbleEdge  = "#0072B2", "#004f7c" // Okabe-Ito blue, safe for colour-blind readers
	gridColour, medianColor = "#e3e3e3", "#6b6b6b"
)

// Point is one service on the chart.
type Point struct {
	Name     string          // service name, the bubble's label
	Cost     decimal.Decimal // x: average cost per request, in the currency
	Score    decimal.Decimal // y: average satisfaction, 1 to 5
	Requests int             // bubble AREA is proportional to this (min radius so a 0 or 1 is still visible)
}

// Render draws the chart of points over the months from to to as an SVG.
// currency names the unit of cost; unrated names services that had activity
// but no survey responses (they have no y value and are listed in a footnote
// under the chart). With no points it draws a clear message instead of empty
// axes. The same input, in any order, gives the same bytes.
func Render(from, to string, currency string, points []Point, unrated []string) []byte {
	var w bytes.Buffer
	period := from + " to " + to
	var l layout
	if len(points) > 0 {
		l = newLayout(points)
	}
	keyRows, keyTop := l.keyRows(), plotB+76
	bottom := plotB + 62
	if keyRows > 0 {
		bottom = keyTop + keyLine*float64(keyRows)
	}
	footY := bottom + 24
	height := footY + 16
	if len(unrated) == 0 {
		height = bottom + 16
	}
	fmt.Fprintf(&w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %s" width="%g" height="%s" font-family="%s" role="img">`+"\n",
		chartW, num(height), chartW, num(height), chartFont)
	text(&w, "title", 0, 0, 0, "", "", "Cost and satisfaction by service, "+period)
	fmt.Fprintf(&w, `<rect width="%g" height="%s" fill="#ffffff"/>`+"\n", chartW, num(height))
	text(&w, "text", 40, 36, 22, inkColour, `font-weight="600"`, "Cost per request and satisfaction, by service")
	text(&w, "text", 40, 60, 15, mutedColour, "", "Services, "+period+". Bubble area shows the number of requests.")
	if len(points) == 0 {
		fmt.Fprintf(&w, `<rect x="%g" y="%g" width="%g" height="%g" rx="8" fill="#f4f4f4" stroke="#cccccc"/>`+"\n", plotL, plotT, plotR-plotL, plotB-plotT)
		text(&w, "text", (plotL+plotR)/2, (plotT+plotB)/2, 20, inkColour, `text-anchor="middle"`, "No services with rated activity in "+period)
	} else {
		text(&w, "text", 40, 82, 13, mutedColour, "", "With each name: average cost per request ("+currency+") · average satisfaction (1–5).")
		drawAxes(&w, l, currency)
		drawBubbles(&w, l, currency)
		drawKey(&w, l, keyTop, currency)
	}
	drawFootnote(&w, footY, unrated)
	w.WriteString("</svg>\n")
	return w.Bytes()
}
