package xlsx

import (
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// moneyFormat is the number format of money and quantities: two
// decimals, thousands grouped, a minus sign for credits.
const moneyFormat = "#,##0.00"

// bodyFont is the font of every cell, excelize's default; a bold style
// names it too, or LibreOffice shows bold cells in another face.
const bodyFont = "Calibri"

// styles are the cell styles the workbook uses, registered once.
type styles struct {
	header, total, totalMoney, money, whole, text, centered, wrapped int
}

// newStyles registers the workbook's styles.
func newStyles(f *excelize.File) (styles, error) {
	var st styles
	money := moneyFormat
	defs := []struct {
		id    *int
		style *excelize.Style
	}{
		{&st.header, &excelize.Style{
			Font:      &excelize.Font{Bold: true, Family: bodyFont, Size: 11},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top"},
		}},
		{&st.total, &excelize.Style{
			Font:   &excelize.Font{Bold: true, Family: bodyFont, Size: 11},
			Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}},
		}},
		{&st.totalMoney, &excelize.Style{
			Font:         &excelize.Font{Bold: true, Family: bodyFont, Size: 11},
			Border:       []excelize.Border{{Type: "top", Color: "000000", Style: 1}},
			CustomNumFmt: &money,
		}},
		{&st.money, &excelize.Style{CustomNumFmt: &money, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.whole, &excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.centered, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&st.wrapped, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.style)
		if err != nil {
			return st, err
		}
		*d.id = id
	}
	return st, nil
}

// column is how a sheet's column looks: its width in characters and
// which style its cells take.
type column struct {
	width float64
	style func(styles) int
	// wrap is set for the columns of free text, wrapped within the width.
	wrap bool
}

// wrapped is a column of free text, width characters wide.
func wrapped(width float64) column { return column{width, wrappedStyle, true} }

func moneyStyle(st styles) int    { return st.money }
func wholeStyle(st styles) int    { return st.whole }
func textStyle(st styles) int     { return st.text }
func centeredStyle(st styles) int { return st.centered }
func wrappedStyle(st styles) int  { return st.wrapped }

// summaryColumns are the summary sheet's columns, as SummaryHeader names
// them.
var summaryColumns = []column{
	{22, textStyle, false}, {30, textStyle, false}, {12, textStyle, false}, {16, moneyStyle, false},
	{8, wholeStyle, false}, {9, centeredStyle, false}, {74, textStyle, false},
}

// statementColumns are a department sheet's columns, as the CSV header
// (billing.StatementHeader) names them.
var statementColumns = []column{
	{9, textStyle, false}, {16, textStyle, false}, {12, textStyle, false}, {45, textStyle, false}, {11, textStyle, false},
	{29, textStyle, false}, {20, textStyle, false}, wrapped(24), wrapped(48), {10, moneyStyle, false},
	{8, textStyle, false}, {11, moneyStyle, false}, {6, centeredStyle, false}, {14, moneyStyle, false},
}

// lineHeight is the height of one line of text in a row, in points.
const lineHeight = 15

// fitRow makes a row tall enough for its wrapped cells, which neither
// Excel nor LibreOffice does on opening a file: each wrapped cell needs a
// line per newline and per column width of characters (a rough measure,
// about 1.1 characters to a unit of width).
func fitRow(f *excelize.File, sheet string, row int, cols []column, cells []cell) error {
	lines := 1
	for i, c := range cells {
		if c.kind != textCell || i >= len(cols) || !cols[i].wrap {
			continue
		}
		n := 0
		for part := range strings.SplitSeq(c.text, "\n") {
			perLine := int(cols[i].width * 1.1)
			n += max(1, (utf8.RuneCountInString(part)+perLine-1)/perLine)
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return nil
	}
	return f.SetRowHeight(sheet, row, float64(lines*lineHeight))
}

// layout sets a sheet's column widths and styles, before any cell is
// written so that every cell takes its column's style.
func layout(f *excelize.File, st styles, sheet string, cols []column) error {
	for i, c := range cols {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, c.width); err != nil {
			return err
		}
		if err := f.SetColStyle(sheet, name, c.style(st)); err != nil {
			return err
		}
	}
	return nil
}

// finish freezes a sheet's header row and puts a filter on its table of
// cols columns and rows rows (the header's included), so that it scrolls
// and sorts as finance expects; printed, it is landscape, one page wide,
// with the header on every page.
func finish(f *excelize.File, sheet string, cols, rows int) error {
	landscape, wide, tall := "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!$1:$1", Scope: sheet}); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, "A1:"+cellName(cols, rows), nil); err != nil {
		return err
	}
	// After the filter, which rewrites the sheet's properties.
	fit := true
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}
