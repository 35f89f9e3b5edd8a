package httpapi_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"chargeback/internal/golden"
)

// TestGoldenReportsOfAMixedMonth: a month with a late subscription, an
// hourly job, one-time charges, adjustments with and without a service and
// surveys. The reports must reconcile with the statements to the cent, and
// read the same once the month is closed (from its frozen figures).
func TestGoldenReportsOfAMixedMonth(t *testing.T) {
	e := newEnv(t)
	at := func(h int) { e.clock.Set(testNow.Add(time.Duration(h) * time.Hour)) }
	pacs := e.create(t, radiology, `{"service_id":"pacs-viewer-licence","quantity":2}`)["id"].(string)
	hourly := e.create(t, pharmacy, `{"service_id":"after-hours-support","quantity":2}`)["id"].(string)
	scanners := e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":2}`)["id"].(string)
	e.create(t, pharmacy, `{"service_id":"data-extract","quantity":1}`)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+pacs+"/approve", "")
	at(1)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+scanners+"/fulfill", "")
	at(2)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+hourly+"/fulfill", `{"quantity":3.25}`)
	at(96) // 2026-03-06 09:00: 96 h against the PACS licence's 48 h
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+pacs+"/fulfill", "")
	e.must(t, 201, radiology, "POST", "/v1/requests/"+pacs+"/survey", `{"score":2,"comment":"late"}`)
	e.must(t, 201, pharmacy, "POST", "/v1/requests/"+hourly+"/survey", `{"score":5}`)
	e.must(t, 201, finance, "POST", "/v1/adjustments", `{"department":"radiology","month":"2026-03","amount":"-5.00","description":"seat count","service_id":"pacs-viewer-licence"}`)
	e.must(t, 201, finance, "POST", "/v1/adjustments", `{"department":"pharmacy","month":"2026-03","amount":"12.34","description":"cabling"}`)
	at(200)

	// By hand: PACS 2 × 126.00 × 26/31 (Mar 6 to Apr 1) = 211.354… → 211.35,
	// credit −round2(211.35 × 10%) = −21.135 → −21.14; hourly 3.25 × 165.00 =
	// 536.25; scanners 2 × 289.00 = 578.00; adjustments −5.00 and 12.34.
	// Month: 211.35 − 21.14 + 536.25 + 578.00 − 5.00 + 12.34 = 1311.80.
	reports := func(stage string) (string, []byte, []byte) {
		t.Helper()
		month := e.must(t, 200, finance, "GET", "/v1/statements/2026-03", "")
		services := e.do(t, leadership, "GET", "/v1/reports/services?from=2026-03&to=2026-03", "")
		var rep struct {
			Totals struct {
				Charged string `json:"charged"`
			} `json:"totals"`
			Unassigned string `json:"adjustments_without_service"`
		}
		if err := json.Unmarshal([]byte(services.body), &rep); err != nil {
			t.Fatal(err)
		}
		// 1311.80 − 12.34 = 1299.46 over the services.
		if month["total"] != "1311.80" || rep.Totals.Charged != "1299.46" || rep.Unassigned != "12.34" {
			t.Errorf("%s: month %v, services %s + without a service %s; want 1311.80 = 1299.46 + 12.34", stage, month["total"], rep.Totals.Charged, rep.Unassigned)
		}
		csv := e.do(t, leadership, "GET", "/v1/reports/services?from=2026-03&to=2026-03&format=csv", "")
		depts := e.do(t, leadership, "GET", "/v1/reports/departments?from=2026-03&to=2026-03", "")
		return indent(t, services.body), []byte(csv.body), []byte(indent(t, depts.body))
	}
	services, csv, depts := reports("open")
	golden.Assert(t, "testdata/reports/services.json", []byte(services))
	golden.Assert(t, "testdata/reports/services.csv", csv)
	golden.Assert(t, "testdata/reports/departments.json", depts)

	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")
	closedServices, closedCSV, closedDepts := reports("closed")
	if closedServices != services || !bytes.Equal(closedCSV, csv) || !bytes.Equal(closedDepts, depts) {
		t.Errorf("the reports changed when the month closed:\n%s\n%s", closedServices, closedDepts)
	}
}

// indent pretty-prints a JSON body for a golden file.
func indent(t *testing.T, body string) string {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, []byte(body), "", "  "); err != nil {
		t.Fatal(err)
	}
	return out.String() + "\n"
}
