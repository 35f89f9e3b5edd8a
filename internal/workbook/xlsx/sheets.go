package xlsx

import (
	"chargeback/internal/workbook"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// defaultSheet is the sheet a new excelize file has; it becomes the
// summary.
const defaultSheet = "Sheet1"

// summarySheet is the name of the first sheet, the month's summary.
const summarySheet = "Summary"

// SummaryHeader is the summary sheet's header row: one row per statement
// follows, as the month's list of statements (JSON) gives them, with the
// department's name and its checksum once closed.
var SummaryHeader = []string{"department", "department_name", "cost_center", "total", "lines", "status", "checksum"}

// writeSummary writes the summary sheet: the header, a row per statement,
// then after a blank row the month's total row, and below it what the
// month is (month, status, closed_at when closed, currency).
func writeSummary(f *excelize.File, st styles, m workbook.Month) error {
	if err := layout(f, st, summarySheet, summaryColumns); err != nil {
		return err
	}
	if err := writeHeader(f, st, summarySheet, SummaryHeader); err != nil {
		return err
	}
	row := 2
	lines := 0
	for _, s := range m.Statements {
		cells := []cell{
			text(s.Department), text(s.DepartmentName), text(s.CostCenter), num(s.Total),
			whole(len(s.Lines)), text(s.Status), optText(s.Checksum),
		}
		if err := writeRow(f, summarySheet, row, cells); err != nil {
			return err
		}
		lines += len(s.Lines)
		row++
	}
	row++
	totals := []cell{text("total"), {}, {}, num(m.Total), whole(lines), text(m.Status)}
	if err := writeRow(f, summarySheet, row, totals); err != nil {
		return err
	}
	if err := f.SetCellStyle(summarySheet, cellName(1, row), cellName(len(SummaryHeader), row), st.total); err != nil {
		return err
	}
	if err := f.SetCellStyle(summarySheet, cellName(4, row), cellName(4, row), st.totalMoney); err != nil {
		return err
	}

	about := [][]cell{
		{text("month"), text(m.Month)},
		{text("status"), text(m.Status)},
	}
	if m.ClosedAt != "" {
		about = append(about, []cell{text("closed_at"), text(m.ClosedAt)})
	}
	about = append(about, []cell{text("currency"), text(m.Currency)})
	row++
	for _, cells := range about {
		row++
		if err := writeRow(f, summarySheet, row, cells); err != nil {
			return err
		}
	}
	return finish(f, summarySheet, len(SummaryHeader), len(m.Statements)+1)
}

// StatementHeader is a department sheet's header row, the statement CSV's
// (billing.StatementHeader, which a test holds it to).
var StatementHeader = []string{
	"month", "department", "cost_center", "line_id", "kind", "request_id", "service_id", "service_name",
	"description", "quantity", "unit", "unit_price", "days", "amount",
}

// writeStatement writes one department's sheet: the CSV's header and a
// row per line in line order, numbers as numbers and empty cells where a
// field does not apply.
func writeStatement(f *excelize.File, st styles, sheet string, s workbook.Statement) error {
	if err := layout(f, st, sheet, statementColumns); err != nil {
		return err
	}
	if err := writeHeader(f, st, sheet, StatementHeader); err != nil {
		return err
	}
	for i, l := range s.Lines {
		cells := []cell{
			text(l.Month), text(l.Department), text(l.CostCenter), text(l.LineID), text(l.Kind),
			optText(l.RequestID), optText(l.ServiceID), optText(l.ServiceName), optText(l.Description),
			optNum(l.Quantity), optText(l.Unit), optNum(l.UnitPrice), optWhole(l.Days), num(l.Amount),
		}
		if err := writeRow(f, sheet, i+2, cells); err != nil {
			return err
		}
		if err := fitRow(f, sheet, i+2, statementColumns, cells); err != nil {
			return err
		}
	}
	return finish(f, sheet, len(StatementHeader), len(s.Lines)+1)
}

// writeHeader writes a header row in bold.
func writeHeader(f *excelize.File, st styles, sheet string, header []string) error {
	cells := make([]cell, len(header))
	for i, h := range header {
		cells[i] = text(h)
	}
	if err := writeRow(f, sheet, 1, cells); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, "A1", cellName(len(header), 1), st.header)
}

// cellName is the reference of a cell, such as B7; col and row are valid.
func cellName(col, row int) string {
	ref, _ := excelize.CoordinatesToCellName(col, row)
	return ref
}

// maxSheetName is the longest sheet name Excel accepts.
const maxSheetName = 31

// sheetNames names each statement's sheet after its department id, which
// is already a valid sheet name ([a-z0-9-], so none of []:*?/\). An id
// longer than Excel's 31 characters, or one that would clash, ignoring
// case as Excel does, with the summary, Excel's reserved "History" or an
// earlier sheet, is cut short and numbered (such as "a-very-long-…~2").
func sheetNames(statements []workbook.Statement) []string {
	used := map[string]bool{strings.ToLower(summarySheet): true, "history": true}
	out := make([]string, len(statements))
	for i, s := range statements {
		name := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\'`, r) {
				return '-'
			}
			return r
		}, s.Department)
		base := name
		name = cut(base, maxSheetName)
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := "~" + strconv.Itoa(n)
			name = cut(base, maxSheetName-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// cut is s cut to at most n characters.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
