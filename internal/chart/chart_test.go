package chart

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"chargeback/internal/golden"
)

// TestChartGolden compares each chart with its golden SVG.
func TestChartGolden(t *testing.T) {
	for _, tc := range chartCases {
		t.Run(tc.name, func(t *testing.T) {
			golden.Assert(t, "testdata/"+tc.name+".svg", Render("2026-01", "2026-03", "USD", tc.points, tc.unrated))
		})
	}
}

// TestChartWellFormed parses every chart as XML and checks that names stay
// text, on the chart or in its key.
func TestChartWellFormed(t *testing.T) {
	for _, tc := range chartCases {
		t.Run(tc.name, func(t *testing.T) {
			els := parseSVG(t, Render("2026-01", "2026-03", "USD & co", tc.points, tc.unrated))
			var texts strings.Builder
			for _, el := range els {
				if el.name == "script" || el.name == "b" {
					t.Errorf("got a <%s> element, want names kept as text", el.name)
				}
				if el.name == "text" {
					texts.WriteString(el.text + "\n")
				}
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
	els := parseSVG(t, Render("2026-01", "2026-03", "USD", nil, nil))
	var found bool
	for _, el := range els {
		found = found || el.text == "No services with rated activity in 2026-01 to 2026-03"
		if el.attrs["class"] == "median-x" || strings.HasPrefix(el.attrs["class"], "label") {
			t.Errorf("got a %s element on an empty chart", el.attrs["class"])
		}
	}
	if !found {
		t.Error("got no message saying there is nothing to chart")
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
		// At DejaVu Sans widths the 880-unit line holds four names and the
		// count (about 827 units); a fifth and its count would make about 959.
		{"many", many, "Not shown, no survey responses: Unrated service 00, Unrated service 01, Unrated service 02, Unrated service 03 and 16 more."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var w bytes.Buffer
			drawFootnote(&w, 580, tc.unrated)
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
	for _, tc := range chartCases {
		t.Run(tc.name, func(t *testing.T) {
			a := Render("2026-01", "2026-03", "USD", tc.points, tc.unrated)
			b := Render("2026-01", "2026-03", "USD", reversed(tc.points), reversed(tc.unrated))
			if !bytes.Equal(a, b) {
				t.Errorf("got different SVGs for the same points in another order")
			}
		})
	}
}

// reversed is a copy of s in the opposite order.
func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
