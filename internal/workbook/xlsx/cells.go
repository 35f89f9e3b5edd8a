package xlsx

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// cell is one value of a row: text, a decimal number or a whole number;
// the zero cell is left empty (a field that does not apply).
type cell struct {
	kind  cellKind
	text  string
	num   decimal.Decimal
	whole int
}

type cellKind int

const (
	empty cellKind = iota
	textCell
	decimalCell
	wholeCell
)

// text is a text cell. It is written as a string, never as a formula,
// and as given: the statements function has guarded free text as the CSV
// guards it (a value a spreadsheet would take for a formula gets a
// leading apostrophe) before sending it.
func text(s string) cell { return cell{kind: textCell, text: s} }

// optText is text, or an empty cell for an empty string.
func optText(s string) cell {
	if s == "" {
		return cell{}
	}
	return text(s)
}

// num is a decimal number cell (money or a quantity).
func num(d decimal.Decimal) cell { return cell{kind: decimalCell, num: d} }

// optNum is num, or an empty cell for nil.
func optNum(d *decimal.Decimal) cell {
	if d == nil {
		return cell{}
	}
	return num(*d)
}

// whole is a whole-number cell (a count of lines or days).
func whole(n int) cell { return cell{kind: wholeCell, whole: n} }

// optWhole is whole, or an empty cell for nil.
func optWhole(n *int) cell {
	if n == nil {
		return cell{}
	}
	return whole(*n)
}

// writeRow writes cells from column 1 of row, leaving empty ones unwritten.
func writeRow(f *excelize.File, sheet string, row int, cells []cell) error {
	for i, c := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, row)
		if err != nil {
			return err
		}
		switch c.kind {
		case textCell:
			err = f.SetCellStr(sheet, ref, escapeLiteral(c.text))
		case decimalCell:
			var v float64
			if v, err = number(c.num); err == nil {
				err = f.SetCellFloat(sheet, ref, v, -1, 64)
			}
		case wholeCell:
			err = f.SetCellInt(sheet, ref, int64(c.whole))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// number is d as the spreadsheet number that holds it. A spreadsheet
// number is a float64, and the file stores it as decimal text, which
// Excel and LibreOffice read back to the nearest float64. So the decimal's
// own text is parsed once, correctly rounded, with no arithmetic in
// floating point (no cents multiplied or divided as floats); written back
// in the fewest digits that read as the same float (SetCellFloat with
// precision -1), that is the decimal's text again, trailing zeros aside.
// That holds for every decimal of at most 15 significant digits (money up
// to a trillion, in cents); a decimal with more is an error rather than a
// cell that reads back as another amount.
func number(d decimal.Decimal) (float64, error) {
	v, err := strconv.ParseFloat(d.String(), 64)
	if err != nil {
		return 0, err
	}
	back, err := decimal.NewFromString(strconv.FormatFloat(v, 'f', -1, 64))
	if err != nil || !back.Equal(d) {
		return 0, fmt.Errorf("%s has more digits than a spreadsheet number holds exactly", d)
	}
	return v, nil
}

// escapeSequence is how an .xlsx file writes a character XML cannot hold,
// such as _x0008_; Excel, LibreOffice and excelize read every such
// sequence in a text cell as the character it names.
var escapeSequence = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// escapeLiteral keeps text that merely looks like an escape sequence as
// typed, escaping its underscore (_x005F_) as the format asks. excelize
// does so for inline strings but not for the shared strings SetCellStr
// writes, where "_x0041_" would read back as "A".
func escapeLiteral(s string) string {
	return escapeSequence.ReplaceAllString(s, "_x005F$0")
}
