package httpapi_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"chargeback/catalog"
	"chargeback/internal/apitest"
	"chargeback/internal/billing"
)

// onlyLeadership reads but may not close, adjust or read the journal.
var onlyLeadership = apitest.OnlyLeadership

// TestAMonthFromFirstRequestToJournal walks one department's month through
// the API: charges, a subscription with a missed SLA, an adjustment, the
// open preview, the close, the frozen statement and the journal. Every
// amount is computed by hand in the comments.
func TestAMonthFromFirstRequestToJournal(t *testing.T) {
	e := newEnv(t)
	at := func(s string) { e.clock.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(mustDuration(t, s))) }

	// EHR licences: created 03-02 09:00, SLA 48 h, fulfilled 03-10 12:00 (late, 5% credit).
	lic := e.create(t, radiology, `{"service_id":"ehr-licence","quantity":3}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+lic+"/approve", "")
	// EHR accounts: one-time, 2 × 30.00 = 60.00, fulfilled within its 24 h.
	acc := e.create(t, radiology, `{"service_id":"ehr-user-account","quantity":2}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+acc+"/approve", "")
	at("1h")
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+acc+"/fulfill", "")
	at("195h") // 2026-03-10 12:00
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+lic+"/fulfill", "")
	at("432h") // 2026-03-20 09:00
	adj := e.must(t, 201, finance, "POST", "/v1/adjustments",
		`{"department":"radiology","month":"2026-03","amount":"-12.50","description":"Credit for PACS downtime on 03-05","service_id":"pacs-viewer-licence"}`)
	if adj["kind"] != "adjustment" || adj["amount"] != "-12.50" || adj["quantity"] != nil {
		t.Errorf("adjustment line: got %v", adj)
	}

	// Recurring: 3 × 89.50 × 22/31 (Mar 10 to Apr 1) = 5907/31 = 190.548… → 190.55.
	// Credit: −round2(190.55 × 5%) = −9.5275 → −9.53. Total 60 + 190.55 − 9.53 − 12.50 = 228.52.
	open := e.must(t, 200, radiology, "GET", "/v1/statements/2026-03/radiology", "")
	if open["status"] != "open" || open["total"] != "228.52" || open["checksum"] != nil {
		t.Fatalf("open statement: got status %v total %v checksum %v, want open 228.52 none", open["status"], open["total"], open["checksum"])
	}
	wantAmounts := map[string]string{"charge": "60.00", "recurring": "190.55", "sla_credit": "-9.53", "adjustment": "-12.50"}
	for _, l := range open["lines"].([]any) {
		line := l.(map[string]any)
		if want := wantAmounts[line["kind"].(string)]; line["amount"] != want {
			t.Errorf("%s line: got %v, want %s", line["kind"], line["amount"], want)
		}
		if line["kind"] == "recurring" && (line["days"] != 22.0 || line["unit_price"] != "89.50") {
			t.Errorf("recurring line: got days %v price %v, want 22 and 89.50", line["days"], line["unit_price"])
		}
	}
	if n := len(open["lines"].([]any)); n != 4 {
		t.Errorf("open statement: got %d lines, want 4", n)
	}

	// Closing before the month is over is refused, as is the journal.
	e.must(t, 409, finance, "POST", "/v1/periods/2026-03/close", "")
	e.must(t, 409, finance, "GET", "/v1/statements/2026-03/journal", "")
	e.must(t, 403, onlyLeadership, "POST", "/v1/periods/2026-03/close", "")

	at("744h") // 2026-04-01 09:00
	closed := e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")
	if closed["status"] != "closed" || closed["total"] != "228.52" || closed["closed_by"] != "fran" {
		t.Fatalf("closed period: got %v", closed)
	}
	csv := e.do(t, finance, "GET", "/v1/statements/2026-03/radiology?format=csv", "")
	frozen := e.must(t, 200, onlyLeadership, "GET", "/v1/statements/2026-03/radiology", "")
	sum := sha256.Sum256([]byte(csv.body))
	if want := "sha256:" + hex.EncodeToString(sum[:]); frozen["checksum"] != want {
		t.Errorf("checksum: got %v, want %s (sha256 of the CSV as served)", frozen["checksum"], want)
	}
	if frozen["total"] != "228.52" || frozen["status"] != "closed" {
		t.Errorf("frozen statement: got %v %v", frozen["status"], frozen["total"])
	}
	if !strings.HasPrefix(csv.body, "month,department,cost_center,line_id,kind,request_id,service_id,service_name,description,quantity,unit,unit_price,days,amount\n") {
		t.Errorf("CSV header: got %q", strings.SplitN(csv.body, "\n", 2)[0])
	}

	// Later activity leaves March alone.
	res := e.do(t, finance, "POST", "/v1/adjustments", `{"department":"radiology","month":"2026-03","amount":"5","description":"late"}`)
	if res.status != 409 || res.json(t)["code"] != "period_closed" {
		t.Errorf("adjustment into a closed month: got %d %s, want 409 period_closed", res.status, res.body)
	}
	again := e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")
	if again["closed_at"] != closed["closed_at"] || again["total"] != closed["total"] {
		t.Errorf("closing again: got %v, want %v unchanged", again, closed)
	}
	// A scheduled end two weeks ahead: April counts Apr 1 to Apr 15, 14 of 30 days:
	// 3 × 89.50 × 14/30 = 125.30.
	ended := e.must(t, 200, radiology, "POST", "/v1/requests/"+lic+"/end", `{"ended_at":"2026-04-15T00:00:00Z"}`)
	if ended["status"] != "ended" {
		t.Errorf("scheduled end: got status %v, want ended", ended["status"])
	}
	april := e.must(t, 200, finance, "GET", "/v1/statements/2026-04/radiology", "")
	if april["total"] != "125.30" {
		t.Errorf("April preview: got %v, want 125.30", april["total"])
	}
	if after := e.do(t, finance, "GET", "/v1/statements/2026-03/radiology?format=csv", ""); after.body != csv.body {
		t.Errorf("closed CSV changed:\nbefore %s\nafter  %s", csv.body, after.body)
	}
	charges := e.must(t, 200, radiology, "GET", "/v1/requests/"+lic, "")["charges"].([]any)
	if len(charges) != 2 {
		t.Errorf("subscription charges: got %v, want the March recurring line and its credit", charges)
	}

	journal := e.do(t, finance, "GET", "/v1/statements/2026-03/journal", "")
	wantJournal := "date,journal_id,cost_center,account,debit,credit,description\n" +
		"2026-03-31,CB-2026-03,CC-4100,6400,228.52,,IT chargeback 2026-03 Radiology\n" +
		"2026-03-31,CB-2026-03,CC-IT,6490,,228.52,IT chargeback 2026-03 recovery\n"
	if journal.status != http.StatusOK || journal.body != wantJournal {
		t.Errorf("journal: got %d\n%s\nwant\n%s", journal.status, journal.body, wantJournal)
	}
	month := e.must(t, 200, onlyLeadership, "GET", "/v1/statements/2026-03", "")
	if month["total"] != "228.52" || len(month["items"].([]any)) != 1 {
		t.Errorf("month: got %v", month)
	}
	e.must(t, 404, pharmacy, "GET", "/v1/statements/2026-03/radiology", "")
	e.must(t, 403, radiology, "GET", "/v1/statements/2026-03", "")
	e.must(t, 403, onlyLeadership, "GET", "/v1/statements/2026-03/journal", "")
	e.must(t, 400, finance, "GET", "/v1/statements/2026-05/radiology", "")
}

func mustDuration(t testing.TB, s string) time.Duration {
	t.Helper()
	d, err := time.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestScheduledCloseClosesThePreviousMonth runs what the monthclose
// function runs (the store's scheduled close), in a zone where the month turns before UTC does.
func TestScheduledCloseClosesThePreviousMonth(t *testing.T) {
	e := newEnv(t)
	cfg := testConfig()
	cfg.Location = time.FixedZone("UTC+10", 10*3600)
	// 2026-03-31 15:00 UTC is already April 1st, 01:00, ten hours east.
	now := time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC)
	org := billing.Org{Catalog: catalog.Load(), Location: cfg.Location}
	for run := 1; run <= 2; run++ {
		if _, err := e.store.CloseScheduled(context.Background(), now, org); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	p := e.must(t, 200, finance, "GET", "/v1/periods/2026-03", "")
	if p["status"] != "closed" || p["closed_by"] != billing.SchedulerPrincipal || p["closed_at"] != "2026-03-31T15:00:00Z" {
		t.Errorf("March: got %v, want closed by the scheduler at 2026-03-31T15:00:00Z", p)
	}
	if p := e.must(t, 200, finance, "GET", "/v1/periods/2026-02", ""); p["status"] != "open" {
		t.Errorf("February: got %v, want open (only the previous month closes)", p)
	}
}
