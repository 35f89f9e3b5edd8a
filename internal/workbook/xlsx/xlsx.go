// Package xlsx writes the month workbook as an Excel file with excelize:
// a summary sheet of the month's statements and one sheet per department
// with activity holding its lines as the statement CSV does. It is pure,
// and large (excelize and what it links weigh about 4 MiB), so only the
// exports function and the local server link it.
package xlsx

import (
	"bytes"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"chargeback/internal/workbook"
)

// Build writes the month's workbook. The same Month always gives the same
// bytes: nothing in the file depends on the wall clock or on map order.
func Build(m workbook.Month) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	names := sheetNames(m.Statements)
	if err := f.SetSheetName(defaultSheet, summarySheet); err != nil {
		return nil, err
	}
	if err := writeSummary(f, st, m); err != nil {
		return nil, fmt.Errorf("summary sheet: %w", err)
	}
	for i, s := range m.Statements {
		if _, err := f.NewSheet(names[i]); err != nil {
			return nil, err
		}
		if err := writeStatement(f, st, names[i], s); err != nil {
			return nil, fmt.Errorf("sheet of %s: %w", s.Department, err)
		}
	}
	if err := setProperties(f, m); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// setProperties fixes the document's properties, its times included, to
// what the month says: excelize would otherwise keep its template's.
func setProperties(f *excelize.File, m workbook.Month) error {
	at := m.At.UTC().Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{
		Title:          "Statements " + m.Month,
		Subject:        fmt.Sprintf("IT chargeback statements for %s (%s), in %s", m.Month, m.Status, m.Currency),
		Creator:        "chargeback",
		LastModifiedBy: "chargeback",
		Created:        at,
		Modified:       at,
		Language:       "en-US",
	})
}
