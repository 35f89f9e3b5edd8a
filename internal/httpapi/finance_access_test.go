package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/apitest"
)

// astrologer is a requester whose department claim names no catalog
// department.
var astrologer = apitest.Astrologer

// problemFields are the fields a problem's errors name, in order.
func problemFields(t testing.TB, res response) []string {
	t.Helper()
	return apitest.ProblemFields(t, res.apitest())
}

// mustField fails unless res is a 400 problem whose errors name field.
func mustField(t testing.TB, res response, field string) {
	t.Helper()
	apitest.MustField(t, res.apitest(), field)
}

// mustCode fails unless res has the status and problem code.
func mustCode(t testing.TB, res response, status int, code string) {
	t.Helper()
	apitest.MustCode(t, res.apitest(), status, code)
}

// raw sends a request through the handler as call does, and returns the
// API Gateway response itself, so that a test sees IsBase64Encoded.
func (e *env) raw(t testing.TB, who caller, method, target string, headers ...string) events.APIGatewayV2HTTPResponse {
	t.Helper()
	ev, found := apitest.Event(t, e.routes, who, method, target, "", headers...)
	if !found {
		t.Fatalf("no route for %s %s", method, target)
	}
	res, err := e.h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	return res
}

// gunzipBase64 decodes a base64, gzip-compressed body.
func gunzipBase64(t testing.TB, body string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		t.Fatalf("body is not base64: %v", err)
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("body is not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return string(out)
}

// TestFinanceRoutesAccess: every finance route × every kind of caller, with
// the exact status. March 2026 is closed and has a radiology charge; the
// adjustment goes into April, which is open.
func TestFinanceRoutesAccess(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	e.clock.Set(testNow.Add(time.Hour))
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")

	adjust := `{"department": "radiology", "month": "2026-04", "amount": "1.00", "description": "access test"}`
	routes := []struct {
		name, method, target, body string
	}{
		{"month statements", "GET", "/v1/statements/2026-03", ""},
		{"department statement", "GET", "/v1/statements/2026-03/radiology", ""},
		{"journal", "GET", "/v1/statements/2026-03/journal", ""},
		{"period", "GET", "/v1/periods/2026-03", ""},
		{"close", "POST", "/v1/periods/2026-03/close", ""},
		{"adjustment", "POST", "/v1/adjustments", adjust},
	}
	callers := []struct {
		name string
		who  caller
		// want is the status for each route, in the order above.
		want [6]int
	}{
		{"no token", nobody, [6]int{401, 401, 401, 401, 401, 401}},
		{"requester of the department", radiology, [6]int{403, 200, 403, 403, 403, 403}},
		{"requester of another department", pharmacy, [6]int{403, 404, 403, 403, 403, 403}},
		{"requester of an unknown department", astrologer, [6]int{403, 403, 403, 403, 403, 403}},
		{"fulfiller", fulfiller, [6]int{403, 403, 403, 403, 403, 403}},
		{"finance", finance, [6]int{200, 200, 200, 200, 200, 201}},
		{"leadership with finance", leadership, [6]int{200, 200, 200, 200, 200, 201}},
		{"leadership only", onlyLeadership, [6]int{200, 200, 403, 200, 403, 403}},
	}
	for _, c := range callers {
		for i, r := range routes {
			t.Run(c.name+"/"+r.name, func(t *testing.T) {
				res := e.do(t, c.who, r.method, r.target, r.body)
				if res.status != c.want[i] {
					t.Fatalf("%s %s: got %d, want %d\n%s", r.method, r.target, res.status, c.want[i], res.body)
				}
				if res.status >= 400 && !strings.HasPrefix(res.headers["Content-Type"], "application/problem+json") {
					t.Errorf("Content-Type: got %q, want application/problem+json", res.headers["Content-Type"])
				}
			})
		}
	}
	// The refused callers posted nothing: two finance adjustments, no more.
	if n := len(e.lines(t, "2026-04", "radiology")); n != 2 {
		t.Errorf("April lines: got %d, want the 2 adjustments finance and leadership posted", n)
	}
}

// TestFinanceRoutesRefuseBadMonths: a month that is not YYYY-MM, out of
// range or after the current one is 400 naming month on every route that
// takes one.
func TestFinanceRoutesRefuseBadMonths(t *testing.T) {
	e := newEnv(t) // now is 2026-03-02
	months := []struct{ name, month string }{
		{"month 13", "2026-13"},
		{"two-digit year", "26-03"},
		{"one-digit month", "2026-3"},
		{"next month", "2026-04"},
		{"next year", "2027-03"},
		{"before 2000", "1999-12"},
		{"a word", "march"},
	}
	targets := []struct{ method, path string }{
		{"GET", "/v1/statements/%s"},
		{"GET", "/v1/statements/%s/radiology"},
		{"GET", "/v1/statements/%s/journal"},
		{"GET", "/v1/periods/%s"},
		{"POST", "/v1/periods/%s/close"},
	}
	for _, m := range months {
		for _, tg := range targets {
			target := fmt.Sprintf(tg.path, m.month)
			t.Run(m.name+"/"+tg.method+" "+target, func(t *testing.T) {
				mustField(t, e.do(t, finance, tg.method, target, ""), "month")
			})
		}
	}
	t.Run("the requester's own statement", func(t *testing.T) {
		mustField(t, e.do(t, radiology, "GET", "/v1/statements/2026-04/radiology", ""), "month")
	})
	if p := e.must(t, 200, finance, "GET", "/v1/periods/2026-03", ""); p["status"] != "open" {
		t.Errorf("March after refused closes: got %v, want open", p["status"])
	}
}

// TestMonthNotBegunReadsTheSameEverywhere: statements, adjustments and
// reports refuse a month after the current one with one message.
func TestMonthNotBegunReadsTheSameEverywhere(t *testing.T) {
	e := newEnv(t) // now is 2026-03-02
	const want = "is after the current month 2026-03; it has not begun"
	tests := []struct {
		name, method, target, body, field string
	}{
		{"statements", "GET", "/v1/statements/2026-04", "", "month"},
		{"a statement", "GET", "/v1/statements/2026-04/radiology", "", "month"},
		{"an adjustment", "POST", "/v1/adjustments", `{"department": "radiology", "month": "2026-04", "amount": "1.00", "description": "early"}`, "month"},
		{"a report's from", "GET", "/v1/reports/services?from=2026-04&to=2026-03", "", "from"},
		{"a report's to", "GET", "/v1/reports/departments?from=2026-03&to=2026-04", "", "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, finance, tt.method, tt.target, tt.body)
			mustField(t, res, tt.field)
			for _, f := range res.json(t)["errors"].([]any) {
				if f := f.(map[string]any); f["field"] == tt.field && f["message"] != want {
					t.Errorf("message: got %q, want %q", f["message"], want)
				}
			}
		})
	}
}

// TestStatementOfUnknownDepartmentOrQuietMonth: an unknown department is
// 404 for everyone; a department or month without activity is an empty
// statement, open or closed, never 404.
func TestStatementOfUnknownDepartmentOrQuietMonth(t *testing.T) {
	e := newEnv(t)
	e.closeMonth(t, "2026-01") // closed, no activity at all
	tests := []struct {
		name       string
		who        caller
		target     string
		wantStatus int
		wantState  string // status of an answered statement
	}{
		{"unknown department, finance", finance, "/v1/statements/2026-03/astrology", 404, ""},
		{"unknown department, requester", radiology, "/v1/statements/2026-03/astrology", 404, ""},
		{"unknown department, leadership", onlyLeadership, "/v1/statements/2026-03/nobody-here", 404, ""},
		{"open month without activity", finance, "/v1/statements/2026-02/radiology", 200, "open"},
		{"current month without activity", radiology, "/v1/statements/2026-03/radiology", 200, "open"},
		{"closed month without activity", finance, "/v1/statements/2026-01/pharmacy", 200, "closed"},
		{"inactive department", finance, "/v1/statements/2026-02/transcription", 200, "open"},
		{"a month long ago", onlyLeadership, "/v1/statements/2019-07/radiology", 200, "open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, "GET", tt.target, "")
			if res.status != tt.wantStatus {
				t.Fatalf("got %d, want %d\n%s", res.status, tt.wantStatus, res.body)
			}
			if tt.wantStatus != 200 {
				if res.json(t)["code"] != "not_found" {
					t.Errorf("code: got %v, want not_found", res.json(t)["code"])
				}
				return
			}
			st := res.json(t)
			lines, isList := st["lines"].([]any)
			if !isList || len(lines) != 0 || st["total"] != "0.00" || st["status"] != tt.wantState {
				t.Errorf("got lines %v total %v status %v, want [] 0.00 %s", st["lines"], st["total"], st["status"], tt.wantState)
			}
		})
	}
	t.Run("month list without activity", func(t *testing.T) {
		for _, m := range []string{"2026-01", "2026-02"} {
			got := e.must(t, 200, finance, "GET", "/v1/statements/"+m, "")
			if items, ok := got["items"].([]any); !ok || len(items) != 0 || got["total"] != "0.00" {
				t.Errorf("%s: got items %v total %v, want [] 0.00", m, got["items"], got["total"])
			}
		}
	})
}

// TestBigStatementIsGzipped: a statement over 8 KB, asked for with
// Accept-Encoding: gzip, comes base64-encoded and gzipped, and decodes to
// exactly the uncompressed answer; JSON and CSV alike.
func TestBigStatementIsGzipped(t *testing.T) {
	e := newEnv(t)
	// 100 adjustments of 1.01 to 100.01: about 300 bytes of JSON and 120 of
	// CSV each, so both bodies pass the 8 KB from which gzip applies.
	// Posted ten at a time.
	var wg sync.WaitGroup
	statuses := make([]int, 101)
	for w := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1 + w; i <= 100; i += 10 {
				statuses[i] = e.do(t, finance, "POST", "/v1/adjustments",
					fmt.Sprintf(`{"department": "pharmacy", "month": "2026-03", "amount": "%d.01", "description": "Correction %d for the February licence count"}`, i, i)).status
			}
		}()
	}
	wg.Wait()
	for i, s := range statuses[1:] {
		if s != 201 {
			t.Fatalf("adjustment %d: got %d, want 201", i+1, s)
		}
	}
	tests := []struct {
		name, target, accept string
		wantGzip             bool
	}{
		{"JSON, gzip", "/v1/statements/2026-03/pharmacy", "gzip", true},
		{"JSON, gzip among others", "/v1/statements/2026-03/pharmacy", "br;q=1.0, gzip;q=0.8, *;q=0.1", true},
		{"CSV, gzip", "/v1/statements/2026-03/pharmacy?format=csv", "gzip, deflate", true},
		{"JSON, gzip refused", "/v1/statements/2026-03/pharmacy", "gzip;q=0", false},
		{"JSON, no gzip", "/v1/statements/2026-03/pharmacy", "identity", false},
		{"small body, gzip", "/v1/statements/2026-03/radiology", "gzip", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plain := e.raw(t, finance, "GET", tt.target)
			if plain.StatusCode != 200 || plain.IsBase64Encoded || plain.Headers["Content-Encoding"] != "" {
				t.Fatalf("without Accept-Encoding: got %d base64 %v encoding %q, want 200 plain", plain.StatusCode, plain.IsBase64Encoded, plain.Headers["Content-Encoding"])
			}
			res := e.raw(t, finance, "GET", tt.target, "Accept-Encoding", tt.accept)
			if res.StatusCode != 200 {
				t.Fatalf("got %d, want 200", res.StatusCode)
			}
			if !tt.wantGzip {
				if res.IsBase64Encoded || res.Headers["Content-Encoding"] != "" || res.Body != plain.Body {
					t.Errorf("got base64 %v encoding %q, want the plain body", res.IsBase64Encoded, res.Headers["Content-Encoding"])
				}
				return
			}
			if !res.IsBase64Encoded || res.Headers["Content-Encoding"] != "gzip" || res.Headers["Vary"] != "Accept-Encoding" {
				t.Fatalf("got base64 %v Content-Encoding %q Vary %q, want true gzip Accept-Encoding",
					res.IsBase64Encoded, res.Headers["Content-Encoding"], res.Headers["Vary"])
			}
			if got := gunzipBase64(t, res.Body); got != plain.Body {
				t.Errorf("gunzipped body differs from the plain one: got %d bytes, want %d", len(got), len(plain.Body))
			}
			if len(res.Body) >= len(plain.Body) {
				t.Errorf("compressed size: got %d bytes, want less than the %d plain", len(res.Body), len(plain.Body))
			}
			if res.Headers["Content-Type"] != plain.Headers["Content-Type"] {
				t.Errorf("Content-Type: got %q, want %q", res.Headers["Content-Type"], plain.Headers["Content-Type"])
			}
		})
	}
	// 1.01 + … + 100.01 = (1 + … + 100) + 100 × 0.01 = 5050 + 1.00 = 5051.00.
	st := e.must(t, 200, finance, "GET", "/v1/statements/2026-03/pharmacy", "")
	if n := len(st["lines"].([]any)); n != 100 || st["total"] != "5051.00" {
		t.Errorf("statement: got %d lines total %v, want 100 5051.00", n, st["total"])
	}
}
