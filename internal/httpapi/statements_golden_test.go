package httpapi_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"chargeback/internal/golden"
)

// checksum matches a statement's checksum.
var checksum = regexp.MustCompile(`sha256:[0-9a-f]{64}`)

// TestGoldenStatementMonthAndPeriod: a department's statement while the
// month is open and once it is closed, the month's list of statements and
// the period, as the API answers them. The clock is fixed at every step,
// so closed_at is too; request and adjustment ids, which are partly
// random, are replaced by their order of creation.
func TestGoldenStatementMonthAndPeriod(t *testing.T) {
	e := newEnv(t)
	at := func(h int) { e.clock.Set(testNow.Add(time.Duration(h) * time.Hour)) }
	var ids []string
	keep := func(m map[string]any, key string) string {
		id := m[key].(string)
		ids = append(ids, id)
		return id
	}
	// Each id is made a minute after the last, so that ids, and the lines
	// they name, sort in the order of creation.
	tick := func() { e.clock.Set(e.clock.Now().Add(time.Minute)) }
	pacs := keep(e.create(t, radiology, `{"service_id":"pacs-viewer-licence","quantity":2}`), "id")
	tick()
	hourly := keep(e.create(t, radiology, `{"service_id":"after-hours-support","quantity":2}`), "id")
	tick()
	scanner := keep(e.create(t, pharmacy, `{"service_id":"barcode-scanner","quantity":1}`), "id")
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+pacs+"/approve", "")
	at(1)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+scanner+"/fulfill", "")
	at(2)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+hourly+"/fulfill", `{"quantity":3.25}`)
	at(96) // 2026-03-06 09:00: 96 h against the PACS licence's 48 h
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+pacs+"/fulfill", "")
	keep(e.must(t, 201, finance, "POST", "/v1/adjustments", `{"department":"radiology","month":"2026-03","amount":"-5.00","description":"seat count","service_id":"pacs-viewer-licence"}`), "line_id")
	at(200)
	// By hand, radiology: PACS 2 × 126.00 × 26/31 = 211.35, its SLA credit
	// −21.14; hourly 3.25 × 165.00 = 536.25; the adjustment −5.00: 721.46.
	// Pharmacy: one scanner, 289.00. The month: 1010.46.

	// normal pretty-prints a body with each id replaced by its place, and
	// the checksum, which covers the ids, by a stand-in (the statement
	// tests check the checksum itself).
	normal := func(body string) []byte {
		t.Helper()
		for i, id := range ids {
			body = strings.ReplaceAll(body, id, fmt.Sprintf("ID_%d", i+1))
		}
		body = checksum.ReplaceAllString(body, "sha256:CHECKSUM")
		return []byte(indent(t, body))
	}
	open := e.do(t, radiology, "GET", "/v1/statements/2026-03/radiology", "")
	golden.Assert(t, "testdata/statements/radiology_open.json", normal(open.body))

	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")
	e.clock.Set(time.Date(2026, 4, 3, 9, 0, 0, 0, time.UTC))
	for _, g := range []struct{ file, target string }{
		{"statements/radiology_closed.json", "/v1/statements/2026-03/radiology"},
		{"statements/month.json", "/v1/statements/2026-03"},
		{"periods/closed.json", "/v1/periods/2026-03"},
	} {
		res := e.do(t, finance, "GET", g.target, "")
		if res.status != 200 {
			t.Fatalf("GET %s: got %d, want 200\n%s", g.target, res.status, res.body)
		}
		golden.Assert(t, "testdata/"+g.file, normal(res.body))
	}
}
