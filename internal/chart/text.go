package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

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
	escape(w, s)
	w.WriteString("</" + el + ">\n")
}

// escape writes s as XML character data: markup stays text, and characters
// XML cannot hold become U+FFFD.
func escape(w *bytes.Buffer, s string) {
	xml.EscapeText(w, []byte(s)) // a bytes.Buffer never fails to write
}

// line writes a line from (x1, y1) to (x2, y2) with the given attributes.
func line(w *bytes.Buffer, x1, y1, x2, y2 float64, attrs string) {
	fmt.Fprintf(w, `<line x1="%s" y1="%s" x2="%s" y2="%s" %s/>`+"\n", num(x1), num(y1), num(x2), num(y2), attrs)
}

// asciiWidths are the advance widths, in thousandths of an em, of the
// printable ASCII characters from the space on, in DejaVu Sans: the widest
// sans-serif a reader's system is likely to fall back to, so an estimate
// from them errs on the side of room.
var asciiWidths = [95]int{
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, // space to /
	636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, // 0 to ?
	1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, // @ to O
	603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, // P to _
	500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, // ` to o
	635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, // p to ~
}

// textWidth estimates the width of s at the given font size: DejaVu Sans
// widths for ASCII, a full em for wide (East Asian, emoji) characters,
// nothing for combining marks and format characters, and a generous 0.7 em
// for the rest.
func textWidth(s string, size float64) float64 {
	em := 0
	for _, r := range s {
		switch {
		case r >= ' ' && r <= '~':
			em += asciiWidths[r-' ']
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Cc):
		case r >= 0x1100 && unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) || r >= 0x2E80 && r <= 0xFFEF || r >= 0x1F000:
			em += 1000
		default:
			em += 700
		}
	}
	return float64(em) * size / 1000
}

// num formats a coordinate to one decimal place, dropping a trailing ".0".
func num(v float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(math.Round(v*10)/10+0, 'f', 1, 64), ".0")
}

// money formats a cost for a slide: whole units with thousands separators
// from 100 up, else with cents.
func money(d decimal.Decimal) string {
	if d.Abs().GreaterThanOrEqual(decimal.NewFromInt(100)) {
		return group(d.StringFixed(0))
	}
	return d.StringFixed(2)
}

// group puts a comma between each three digits of a number's whole part.
func group(s string) string {
	sign, whole, frac := "", s, ""
	if strings.HasPrefix(whole, "-") {
		sign, whole = "-", whole[1:]
	}
	if i := strings.IndexByte(whole, '.'); i >= 0 {
		whole, frac = whole[:i], whole[i:]
	}
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return sign + whole + frac
}
