package chart

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// halo keeps text readable over bubbles and grid lines.
const halo = `stroke="#ffffff" stroke-width="3" paint-order="stroke"`

// drawAxes draws the grid, ticks, axis titles, median lines and their
// values, and the quadrant captions.
func drawAxes(w *bytes.Buffer, l layout, currency string) {
	for _, t := range l.scale.ticks() {
		line(w, t.at, plotT, t.at, plotB, `stroke="`+gridColour+`"`)
		text(w, "text", t.at, plotB+22, 13, mutedColour, `text-anchor="middle"`, t.label)
	}
	for s := int64(1); s <= 5; s++ {
		yy := y(decimal.NewFromInt(s))
		line(w, plotL, yy, plotR, yy, `stroke="`+gridColour+`"`)
		text(w, "text", plotL-10, yy+4, 13, mutedColour, `text-anchor="end"`, strconv.FormatInt(s, 10))
	}
	fmt.Fprintf(w, `<rect x="%g" y="%g" width="%g" height="%g" fill="none" stroke="#8c8c8c"/>`+"\n", plotL, plotT, plotR-plotL, plotB-plotT)
	if l.scale.zeroSlot {
		xm := plotL + edge + zeroGap/2 // the axis breaks between 0 and the log scale
		fmt.Fprintf(w, `<rect x="%s" y="%g" width="8" height="4" fill="#ffffff"/>`+"\n", num(xm-4), plotB-2)
		line(w, xm-6, plotB+5, xm-2, plotB-5, `stroke="#8c8c8c"`)
		line(w, xm+2, plotB+5, xm+6, plotB-5, `stroke="#8c8c8c"`)
	}
	text(w, "text", (plotL+plotR)/2, plotB+48, 15, inkColour, `text-anchor="middle"`, l.scale.title(currency))
	text(w, "text", 0, 0, 15, inkColour, fmt.Sprintf(`text-anchor="middle" transform="translate(36 %g) rotate(-90)"`, (plotT+plotB)/2), "Average satisfaction (1–5)")
	dash := `stroke="` + medianColor + `" stroke-width="1.5" stroke-dasharray="6 5"`
	line(w, l.medX, plotT, l.medX, plotB, `class="median-x" `+dash)
	line(w, plotL, l.medY, plotR, l.medY, `class="median-y" `+dash)
	medX := "median " + money(l.medCost)
	half := textWidth(medX, 12) / 2
	text(w, "text", math.Min(plotR-half, math.Max(plotL+half, l.medX)), plotT-7, 12, medianColor, `text-anchor="middle" font-style="italic"`, medX)
	text(w, "text", plotR+6, l.medY+4, 12, medianColor, `font-style="italic"`, "median "+l.medScore.StringFixed(2))
	for i, q := range l.quadrants {
		text(w, "text", q.x0, q.y1-3, labelSize, mutedColour, `font-style="italic"`, quadrantNames[i])
	}
}

// drawBubbles draws each bubble with its figures in a tooltip, then over
// them all the leader lines, a dot at each bubble's centre and the labels.
func drawBubbles(w *bytes.Buffer, l layout, currency string) {
	for _, b := range l.bubbles {
		fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="%s" fill="%s" fill-opacity="0.55" stroke="%s" stroke-width="1.5">`, num(b.cx), num(b.cy), num(b.r), bubbleFill, bubbleEdge)
		text(w, "title", 0, 0, 0, "", "", fmt.Sprintf("%s: %s %s per request, satisfaction %s of 5, %d requests", b.Name, b.Cost.StringFixed(2), currency, b.Score.StringFixed(2), b.Requests))
		w.WriteString("</circle>\n")
	}
	for _, b := range l.bubbles {
		if b.leader {
			s := b.leaderLine()
			line(w, s.x0, s.y0, s.x1, s.y1, `stroke="`+mutedColour+`"`)
		}
	}
	for _, b := range l.bubbles {
		if !b.inside {
			fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="2" fill="%s"/>`+"\n", num(b.cx), num(b.cy), inkColour)
		}
	}
	for _, b := range l.bubbles {
		if b.number > 0 {
			text(w, "text", (b.lb.x0+b.lb.x1)/2, b.lb.y1-3, labelSize, inkColour, `class="label number" text-anchor="middle" font-weight="700" `+halo, b.label())
			continue
		}
		fmt.Fprintf(w, `<text x="%s" y="%s" font-size="%g" fill="%s" class="label" %s>`, num(b.lb.x0), num(b.lb.y0+labelSize-3), labelSize, inkColour, halo)
		escape(w, b.name)
		if b.twoLines {
			fmt.Fprintf(w, `<tspan x="%s" dy="%g" fill="%s">`, num(b.lb.x0), labelSize+lineGap, mutedColour)
		} else {
			fmt.Fprintf(w, `<tspan dx="%s" fill="%s">`, num(textWidth("  ", labelSize)), mutedColour)
		}
		escape(w, b.figures)
		w.WriteString("</tspan></text>\n")
	}
}

// drawKey lists the numbered services under the chart, in two columns
// filled top to bottom, with their figures and request counts.
func drawKey(w *bytes.Buffer, l layout, top float64, currency string) {
	if len(l.numbered) == 0 {
		return
	}
	text(w, "text", 40, top, keySize, mutedColour, `font-weight="600"`,
		"Numbered on the chart: average cost per request ("+currency+") · average satisfaction · requests")
	rows, colW := l.keyRows()-1, (chartW-80)/2
	for k, i := range l.numbered {
		b := l.bubbles[i]
		x, yy := 40+colW*float64(k/rows), top+keyLine*float64(1+k%rows)
		figures := fmt.Sprintf("%s · %s · %d", money(b.Cost), b.Score.StringFixed(2), b.Requests)
		room := colW - 30 - textWidth("  "+figures, keySize) - 12
		text(w, "text", x+20, yy, keySize, inkColour, `text-anchor="end" font-weight="700"`, strconv.Itoa(b.number))
		fmt.Fprintf(w, `<text x="%s" y="%s" font-size="%g" fill="%s" class="key">`, num(x+28), num(yy), keySize, inkColour)
		escape(w, fit(b.Name, keySize, room))
		fmt.Fprintf(w, `<tspan dx="%s" fill="%s">`, num(textWidth("  ", keySize)), mutedColour)
		escape(w, figures)
		w.WriteString("</tspan></text>\n")
	}
}

// fit cuts s, with an ellipsis, until it is no wider than room.
func fit(s string, size, room float64) string {
	r := []rune(s)
	for len(r) > 1 && textWidth(string(r), size) > room {
		r = append(r[:len(r)-2], '…')
	}
	return string(r)
}

// drawFootnote names the services left off the chart for want of survey
// responses, on one line at y.
func drawFootnote(w *bytes.Buffer, y float64, unrated []string) {
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
	text(w, "text", 40, y, 13, mutedColour, "", fit(note, 13, chartW-90)+".")
}
