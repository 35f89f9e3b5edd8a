package httpapi_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/golden"
)

// radiologyDecemberAndJanuary builds Radiology's December 2025 (closed)
// and January 2026 (over but open: the review window) through the API,
// and leaves the clock at 2026-02-02 09:00. The catalog's prices of
// 2026-01-01 change the server VM (145.00 → 138.00), the VPN (4.00 →
// 4.50), PACS (120.00 → 126.00) and interface work (135.00 → 145.00).
func radiologyDecemberAndJanuary(t *testing.T, e *env) {
	t.Helper()
	at := func(s string) {
		at, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Set(at)
	}
	approved := func(body string) string {
		id := e.create(t, radiology, body)["id"].(string)
		e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/approve", "")
		return id
	}
	fulfil := func(id, body string) { e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", body) }

	at("2025-11-20T09:00:00Z")
	fulfil(approved(`{"service_id":"server-vm","quantity":2}`), "")
	pacs := approved(`{"service_id":"pacs-viewer-licence","quantity":1}`)
	fulfil(pacs, "")
	at("2025-12-01T09:00:00Z")
	scanner := e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":1}`)["id"].(string)
	interfaceDec := approved(`{"service_id":"interface-change","quantity":3}`)
	at("2025-12-04T17:00:00Z") // 80 h: past the scanner's 72 h SLA
	fulfil(scanner, "")
	fulfil(interfaceDec, `{"quantity":3}`)
	at("2025-12-10T09:00:00Z")
	fulfil(approved(`{"service_id":"vpn-access","quantity":10}`), "")

	at("2026-01-05T09:00:00Z")
	e.must(t, 200, finance, "POST", "/v1/periods/2025-12/close", "")
	e.must(t, 200, radiology, "POST", "/v1/requests/"+pacs+"/end", `{"ended_at":"2026-01-15T00:00:00Z"}`)
	at("2026-01-06T09:00:00Z")
	fulfil(approved(`{"service_id":"clinical-workstation","quantity":2}`), "")
	fulfil(approved(`{"service_id":"interface-change","quantity":5}`), `{"quantity":5}`)
	support := e.create(t, radiology, `{"service_id":"after-hours-support","quantity":3}`)["id"].(string)
	at("2026-01-06T15:00:00Z") // 6 h against a 4 h SLA
	fulfil(support, `{"quantity":3.25}`)
	e.must(t, 201, finance, "POST", "/v1/adjustments",
		`{"department":"radiology","month":"2026-01","amount":"-25.00","description":"Credit for December outage","service_id":"server-vm"}`)
	at("2026-02-02T09:00:00Z")
}

// TestGoldenChanges: what changed from December to January, as the API
// answers it, against a golden file and the numbers worked by hand.
func TestGoldenChanges(t *testing.T) {
	e := newEnv(t)
	radiologyDecemberAndJanuary(t, e)

	// By hand. December (31 days): server VM 2 × 145.00 = 290.00; PACS
	// 120.00; VPN 10 × 4.00 × 22/31 = 28.39; interface work 3 × 135.00 =
	// 405.00; a scanner 289.00 and its SLA credit −14.45: 1117.94.
	// January: server VM 2 × 138.00 = 276.00; PACS 126.00 × 14/31 = 56.90;
	// VPN 45.00; interface work 5 × 145.00 = 725.00; two workstations
	// 3050.00; after-hours support 3.25 × 165.00 = 536.25 and its credit
	// −134.06; an adjustment −25.00: 4530.09. Difference 3412.15.
	//   interface: rate round2(725.00 − 405.00 × 5/3) = 50.00, volume 270.00
	//   PACS: rate round2(56.90 − 120.00 × (14/31)/1) = round2(2.7064…) = 2.71, volume −65.81
	//   VPN: rate round2(45.00 − 28.39 × 10/(220/31)) = round2(4.9959…) = 5.00, volume 11.61
	//   server VM: rate round2(276.00 − 290.00 × 2/2) = −14.00, volume 0.00
	res := e.do(t, radiology, "GET", "/v1/statements/2026-01/radiology/changes", "")
	if res.status != 200 {
		t.Fatalf("got %d, want 200\n%s", res.status, res.body)
	}
	golden.Assert(t, "testdata/statements/changes.json", []byte(indent(t, res.body)))

	var got struct {
		Total         string
		PreviousTotal string `json:"previous_total"`
		Difference    string
		Items         []struct {
			ServiceID  string `json:"service_id"`
			Difference string
		}
		SLACredits  struct{ Difference string } `json:"sla_credits"`
		Adjustments struct{ Difference string }
	}
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatal(err)
	}
	// The totals are the statements' own, read as the statement route reads them.
	for month, total := range map[string]string{"2025-12": got.PreviousTotal, "2026-01": got.Total} {
		st := e.must(t, 200, radiology, "GET", "/v1/statements/"+month+"/radiology", "")
		if st["total"] != total {
			t.Errorf("%s: the statement's total is %v, the changes say %s", month, st["total"], total)
		}
	}
	sum := decimal.RequireFromString(got.SLACredits.Difference).Add(decimal.RequireFromString(got.Adjustments.Difference))
	order := []string{}
	for _, item := range got.Items {
		sum = sum.Add(decimal.RequireFromString(item.Difference))
		order = append(order, item.ServiceID)
	}
	if sum.StringFixed(2) != "3412.15" || got.Difference != "3412.15" {
		t.Errorf("the parts add up to %s and the difference is %s, want both 3412.15", sum.StringFixed(2), got.Difference)
	}
	want := []string{"clinical-workstation", "after-hours-support", "interface-change", "barcode-scanner", "pacs-viewer-licence", "vpn-access", "server-vm"}
	if len(order) != len(want) {
		t.Fatalf("items: got %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("items: got %v, want %v", order, want)
		}
	}
}

// TestChangesRefusals: what the route refuses, and that another
// department's changes are the same 404 as an unknown department's.
func TestChangesRefusals(t *testing.T) {
	e := newEnv(t) // now is 2026-03-02
	cases := []struct {
		name   string
		who    caller
		target string
		want   int
	}{
		{"a month that has not begun", finance, "/v1/statements/2026-04/radiology/changes", 400},
		{"not a month", finance, "/v1/statements/2026-13/radiology/changes", 400},
		{"a month written otherwise", finance, "/v1/statements/03-2026/radiology/changes", 400},
		{"an unknown department", finance, "/v1/statements/2026-03/nowhere/changes", 404},
		{"the first month ever", finance, "/v1/statements/2000-01/radiology/changes", 200},
		{"the current month", radiology, "/v1/statements/2026-03/radiology/changes", 200},
		{"IT does not read statements", fulfiller, "/v1/statements/2026-03/radiology/changes", 403},
		{"no token", nobody, "/v1/statements/2026-03/radiology/changes", 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if res := e.do(t, c.who, "GET", c.target, ""); res.status != c.want {
				t.Errorf("got %d, want %d\n%s", res.status, c.want, res.body)
			}
		})
	}
	t.Run("another department is missing", func(t *testing.T) {
		other := e.do(t, pharmacy, "GET", "/v1/statements/2026-03/radiology/changes", "")
		missing := e.do(t, pharmacy, "GET", "/v1/statements/2026-03/nowhere/changes", "")
		if other.status != 404 || other.body != missing.body {
			t.Errorf("got %d %s, want the answer for a missing department: %d %s", other.status, other.body, missing.status, missing.body)
		}
	})
}
