package billing

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"strconv"
	"strings"
)

// StatementHeader is the header row of a statement's CSV.
var StatementHeader = []string{
	"month", "department", "cost_center", "line_id", "kind", "request_id", "service_id", "service_name",
	"description", "quantity", "unit", "unit_price", "days", "amount",
}

// CSV is the statement as CSV (RFC 4180 quoting): the header and one row
// per line in line order, amounts with 2 decimals and an empty cell where a
// field does not apply. Its checksum is the statement's checksum, so the
// bytes must never depend on anything but the statement.
func (s Statement) CSV() []byte {
	rows := make([][]string, 0, len(s.Lines))
	for _, l := range s.Lines {
		rows = append(rows, s.row(l))
	}
	return WriteCSV(StatementHeader, rows)
}

func (s Statement) row(l Line) []string {
	quantity, unitPrice, days := "", "", ""
	if l.Kind == KindCharge || l.Kind == KindRecurring {
		quantity, unitPrice = l.Quantity.String(), l.UnitPrice.StringFixed(2)
	}
	if l.Kind == KindRecurring {
		days = strconv.Itoa(l.Days)
	}
	return []string{
		s.Month.String(), s.Department, s.CostCenter, l.ID, string(l.Kind), l.RequestID, l.ServiceID,
		SafeCell(l.ServiceName), SafeCell(l.Description), quantity, SafeCell(l.Unit), unitPrice, days,
		l.Amount.StringFixed(2),
	}
}

// Checksum is "sha256:" and the lower-case hex SHA-256 of body: what
// `sha256sum` prints for the CSV as served.
func Checksum(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// WriteCSV writes a header row and records as CSV, quoting as RFC 4180 does.
func WriteCSV(header []string, rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	// Writing to a bytes.Buffer cannot fail.
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	return buf.Bytes()
}

// SafeCell guards a free-text CSV cell against formula injection: a cell
// that starts with =, +, -, @, a tab or a carriage return is one a
// spreadsheet would run as a formula, so it gets a leading apostrophe.
// Only text columns go through it; numbers stay numbers.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
