package xlsx

import (
	"github.com/xuri/excelize/v2"
)

// moneyFormat is the number format of money and quantities: two
// decimals, thousands grouped, a minus sign for credits.
const moneyFormat = "#,##0.00"

// styles are the cell styles the workbook uses, registered once.
type styles struct {
	header, total, money, whole, text, wrapped int
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
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top"},
		}},
		{&st.total, &excelize.Style{
			Font:         &excelize.Font{Bold: true},
			Border:       []excelize.Border{{Type: "top", Color: "000000", Style: 1}},
			CustomNumFmt: &money,
		}},
		{&st.money, &excelize.Style{CustomNumFmt: &money, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.whole, &excelize.Style{NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&st.text, &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}}},
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
}

func moneyStyle(st styles) int   { return st.money }
func wholeStyle(st styles) int   { return st.whole }
func textStyle(st styles) int    { return st.text }
func wrappedStyle(st styles) int { return st.wrapped }

// summaryColumns are the summary sheet's columns, as SummaryHeader names
// them.
var summaryColumns = []column{
	{16, textStyle}, {30, textStyle}, {12, textStyle}, {14, moneyStyle},
	{8, wholeStyle}, {9, textStyle}, {74, textStyle},
}

// statementColumns are a department sheet's columns, as the CSV header
// (billing.StatementHeader) names them.
var statementColumns = []column{
	{9, textStyle}, {16, textStyle}, {12, textStyle}, {24, textStyle}, {11, textStyle},
	{24, textStyle}, {22, textStyle}, {28, wrappedStyle}, {48, wrappedStyle}, {10, moneyStyle},
	{10, textStyle}, {12, moneyStyle}, {6, wholeStyle}, {13, moneyStyle},
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
// and sorts as finance expects.
func finish(f *excelize.File, sheet string, cols, rows int) error {
	if err := f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return f.AutoFilter(sheet, "A1:"+cellName(cols, rows), nil)
}
