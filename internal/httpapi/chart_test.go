package httpapi

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/internal/golden"
)

// pt builds a chart point from strings, for short tables.
func pt(name, cost, score string, requests int) chartPoint {
	return chartPoint{Name: name, Cost: decimal.RequireFromString(cost), Score: decimal.RequireFromString(score), Requests: requests}
}

// realisticPoints is a quarter of a hospital's IT services, with the cheap,
// busy desk services clustered together so their labels compete for room.
var realisticPoints = []chartPoint{
	pt("Password reset", "12.50", "4.6", 410),
	pt("Account unlock", "13.10", "4.5", 260),
	pt("VPN access", "14.00", "4.4", 180),
	pt("Printer repair", "38.00", "3.1", 95),
	pt("Laptop provisioning", "145.00", "4.2", 120),
	pt("EHR access request", "22.75", "3.4", 310),
	pt("After-hours support", "248.50", "4.8", 24),
	pt("Mobile device setup", "61.20", "3.9", 70),
	pt("Software install", "21.40", "3.6", 150),
	pt("Data restore", "190.00", "2.6", 12),
	pt("Badge access", "15.80", "4.3", 1),
	pt("Network drop install", "310.00", "3.3", 8),
}

// hostileName tries to smuggle markup into the chart through a service name.
const hostileName = `<script>alert(1)</script> & "x"`

// chartCases are the charts kept as golden files in testdata/chart/.
var chartCases = []struct {
	name    string
	points  []chartPoint
	unrated []string
}{
	{"realistic", realisticPoints, []string{"Pager replacement", "Dictation headset"}},
	{"one_point", []chartPoint{pt("Password reset", "12.50", "4.6", 410)}, nil},
	{"empty", nil, []string{"Pager replacement"}},
	{"hostile", []chartPoint{pt(hostileName, "20", "2", 5), pt("O'Brien's \"fast\" fixes", "35", "4", 9)}, []string{"<b>bold</b> & 'quoted'"}},
}

// TestChartGolden compares each chart with its golden SVG.
func TestChartGolden(t *testing.T) {
	for _, tc := range chartCases {
		t.Run(tc.name, func(t *testing.T) {
			got := renderChart("2026-01", "2026-03", "USD", tc.points, tc.unrated)
			golden.Assert(t, "testdata/chart/"+tc.name+".svg", got)
		})
	}
}

// svgElement is one element of a parsed chart: its name, attributes and text.
type svgElement struct {
	name  string
	attrs map[string]string
	text  string
}

// parseSVG decodes b as XML, failing the test if it is not well-formed.
func parseSVG(t *testing.T, b []byte) []svgElement {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var els []svgElement
	var open []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			el := svgElement{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				el.attrs[a.Name.Local] = a.Value
			}
			open = append(open, len(els))
			els = append(els, el)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				els[open[len(open)-1]].text += string(tok)
			}
		}
	}
	if len(els) == 0 || els[0].name != "svg" {
		t.Fatalf("got no <svg> root element")
	}
	return els
}

// TestChartWellFormed parses every chart as XML and checks that names stay text.
func TestChartWellFormed(t *testing.T) {
	for _, tc := range chartCases {
		t.Run(tc.name, func(t *testing.T) {
			els := parseSVG(t, renderChart("2026-01", "2026-03", "USD & co", tc.points, tc.unrated))
			var texts strings.Builder
			for _, el := range els {
				if el.name == "script" || el.name == "b" {
					t.Errorf("got a <%s> element, want names kept as text", el.name)
				}
				texts.WriteString(el.text + "\n")
			}
			for _, p := range tc.points {
				if !strings.Contains(texts.String(), p.Name) {
					t.Errorf("got no text holding %q", p.Name)
				}
			}
		})
	}
}

// TestChartEmptySaysSo checks that no points give a message, not empty axes.
func TestChartEmptySaysSo(t *testing.T) {
	els := parseSVG(t, renderChart("2026-01", "2026-03", "USD", nil, nil))
	var found bool
	for _, el := range els {
		found = found || el.text == "No services with rated activity in 2026-01 to 2026-03"
		if el.attrs["class"] == "median-x" || el.attrs["class"] == "label" {
			t.Errorf("got a %s element on an empty chart", el.attrs["class"])
		}
	}
	if !found {
		t.Error("got no message saying there is nothing to chart")
	}
}

// clusteredPoints crowds fourteen services into a corner, so some labels
// need leader lines.
func clusteredPoints() []chartPoint {
	var pts []chartPoint
	for i := range 14 {
		pts = append(pts, pt(fmt.Sprintf("Clinic service %02d", i), fmt.Sprintf("%d.%d", 10+i%4, i), fmt.Sprintf("4.%d", i%7), 20+i*15))
	}
	return append(pts, pt("Outlier", "90", "1.5", 40))
}

// TestChartLabelsDoNotOverlap checks every label against the plot edge, the
// bubbles, the quadrant captions and every other label.
func TestChartLabelsDoNotOverlap(t *testing.T) {
	tests := []struct {
		name   string
		points []chartPoint
	}{
		{"realistic", realisticPoints},
		{"clustered", clusteredPoints()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := layoutChart(tc.points)
			plot := box{plotL, plotT, plotR, plotB}
			for i, a := range l.bubbles {
				if !a.lb.inside(plot) {
					t.Errorf("label %q at %v: got outside the plot %v", a.label, a.lb, plot)
				}
				for _, q := range l.quadrants {
					if a.lb.overlaps(q, 0) {
						t.Errorf("label %q at %v: got over a quadrant caption at %v", a.label, a.lb, q)
					}
				}
				for j, b := range l.bubbles {
					if a.lb.hitsCircle(b.cx, b.cy, b.r, 0) {
						t.Errorf("label %q at %v: got over the bubble of %q", a.label, a.lb, b.label)
					}
					if i < j && a.lb.overlaps(b.lb, 0) {
						t.Errorf("labels %q at %v and %q at %v: got overlapping", a.label, a.lb, b.label, b.lb)
					}
				}
			}
		})
	}
}

// TestChartMedianLines checks the dashed quadrant lines sit at the medians,
// worked out by hand. The plot runs x 96 to 930 and, inside an 18-unit pad,
// y 482 (score 1) up to 102 (score 5), so 380 units for 4 points of score.
func TestChartMedianLines(t *testing.T) {
	tests := []struct {
		name         string
		points       []chartPoint
		wantX, wantY string
	}{
		// Costs 5, 1, 3: median 3 on an axis to 5, x = 96 + 834 × 3/5 = 596.4.
		// Scores 4, 2, 5: median 4, y = 482 − 380 × 3/4 = 197.
		{"odd", []chartPoint{pt("a", "5", "4", 1), pt("b", "1", "2", 1), pt("c", "3", "5", 1)}, "596.4", "197"},
		// Costs 10, 20, 30, 80: median 25 on an axis to 80 (steps of 20),
		// x = 96 + 834 × 25/80 = 356.625. Scores 2, 3, 4, 5: median 3.5,
		// y = 482 − 380 × 2.5/4 = 244.5.
		{"even", []chartPoint{pt("a", "80", "5", 1), pt("b", "10", "2", 1), pt("c", "30", "3", 1), pt("d", "20", "4", 1)}, "356.6", "244.5"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			for _, el := range parseSVG(t, renderChart("2026-01", "2026-03", "USD", tc.points, nil)) {
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

// TestChartNiceAxis checks the x axis ends on a round number in round steps.
func TestChartNiceAxis(t *testing.T) {
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

// TestChartFootnote checks the list of unrated services: sorted, and cut
// short with a count when it would run off the slide.
func TestChartFootnote(t *testing.T) {
	var many []string
	for i := range 20 {
		many = append(many, fmt.Sprintf("Unrated service %02d", i))
	}
	tests := []struct {
		name    string
		unrated []string
		want    string
	}{
		{"none", nil, ""},
		{"two", []string{"Pager", "Fax"}, "Not shown, no survey responses: Fax, Pager."},
		// At 7.8 units a character the line holds 112: three names and the
		// count make 102, a fourth would make 122.
		{"many", many, "Not shown, no survey responses: Unrated service 00, Unrated service 01, Unrated service 02 and 17 more."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var w bytes.Buffer
			drawFootnote(&w, tc.unrated)
			var got string
			if w.Len() > 0 {
				got = parseSVG(t, []byte("<svg>"+w.String()+"</svg>"))[1].text
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestChartDeterministic checks that the order of the input does not change a byte.
func TestChartDeterministic(t *testing.T) {
	reversed := make([]chartPoint, len(realisticPoints))
	for i, p := range realisticPoints {
		reversed[len(reversed)-1-i] = p
	}
	a := renderChart("2026-01", "2026-03", "USD", realisticPoints, []string{"b", "a"})
	b := renderChart("2026-01", "2026-03", "USD", reversed, []string{"a", "b"})
	if !bytes.Equal(a, b) {
		t.Errorf("got different SVGs for the same points in another order")
	}
	if !strings.Contains(string(a), "no survey responses: a, b.") {
		t.Errorf("got no sorted footnote of unrated services")
	}
}
