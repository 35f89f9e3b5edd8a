package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSurveysAndReportsOfAMonth checks every service metric of a month
// against figures computed by hand, the department report, that the
// report reconciles with the statements open and closed, and that a
// survey after the close still counts.
func TestSurveysAndReportsOfAMonth(t *testing.T) {
	e := newEnv(t)
	start := testNow // 2026-03-02 09:00
	// Barcode scanners: 289.00 each, SLA 72 h with a 5% credit, no approval.
	var ids []string
	for range 3 {
		ids = append(ids, e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":1}`)["id"].(string))
	}
	e.create(t, radiology, `{"service_id":"data-extract","quantity":1}`) // submitted, never fulfilled
	for i, hours := range []int{10, 20, 80} {
		e.clock.Set(start.Add(time.Duration(hours) * time.Hour))
		e.must(t, 200, fulfiller, "POST", "/v1/requests/"+ids[i]+"/fulfill", "")
	}
	before := e.must(t, 200, radiology, "GET", "/v1/requests/"+ids[0], "")
	if diff := cmp.Diff(map[string]any{"status": "pending"}, before["survey"]); diff != "" {
		t.Errorf("survey before an answer (-want +got):\n%s", diff)
	}
	e.must(t, 201, radiology, "POST", "/v1/requests/"+ids[0]+"/survey", `{"score":5,"comment":"quick, thanks"}`)
	e.must(t, 201, radiology, "POST", "/v1/requests/"+ids[1]+"/survey", `{"score":3}`)
	e.must(t, 201, finance, "POST", "/v1/adjustments", `{"department":"radiology","month":"2026-03","amount":"-10.00","description":"goodwill"}`)

	// Charged 3 × 289.00 − 14.45 (5% of the late one) = 852.55 over 3 units: 284.18 a unit.
	// SLA met 2 of 3 = 66.7%; hours 10, 20, 80: median 20.0, p90 rank ceil(2.7) = 3: 80.0.
	// Scores 5 and 3: avg 4.00, CSAT 1 of 2 = 50.0%, response rate 2 of 3 = 66.7%.
	want := map[string]any{
		"service_id": "barcode-scanner", "service_name": "Barcode scanner", "category": "End-User Computing",
		"requests": 3.0, "fulfilled": 3.0, "units": "3", "charged": "852.55", "credits": "-14.45", "cost_per_unit": "284.18",
		"responses": 2.0, "avg_score": "4.00", "csat_percent": "50.0", "response_rate_percent": "66.7",
		"sla_met_percent": "66.7", "median_hours": "20.0", "p90_hours": "80.0",
	}
	e.clock.Set(start.Add(100 * time.Hour))
	check := func(stage string, want map[string]any) {
		t.Helper()
		rep := e.must(t, 200, onlyLeadership, "GET", "/v1/reports/services?from=2026-03&to=2026-03", "")
		items := rep["items"].([]any)
		var got map[string]any
		for _, it := range items {
			if it.(map[string]any)["service_id"] == "barcode-scanner" {
				got = it.(map[string]any)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: barcode-scanner (-want +got):\n%s", stage, diff)
		}
		month := e.must(t, 200, finance, "GET", "/v1/statements/2026-03", "")
		if rep["totals"].(map[string]any)["charged"] != "852.55" || rep["adjustments_without_service"] != "-10.00" || month["total"] != "842.55" {
			t.Errorf("%s: services charged %v + adjustments %v, want the month total %v = 852.55 − 10.00",
				stage, rep["totals"].(map[string]any)["charged"], rep["adjustments_without_service"], month["total"])
		}
	}
	check("open month", want)
	if waitingRow := e.must(t, 200, finance, "GET", "/v1/reports/services?from=2026-03&to=2026-03", "")["items"].([]any)[1].(map[string]any); waitingRow["service_id"] != "data-extract" || waitingRow["median_hours"] != nil || waitingRow["avg_score"] != nil || waitingRow["requests"] != 1.0 {
		t.Errorf("a service with a request and nothing measured: got %v, want nulls", waitingRow)
	}

	dept := e.must(t, 200, finance, "GET", "/v1/reports/departments?from=2026-03&to=2026-03", "")["items"].([]any)
	wantDept := []any{map[string]any{"department": "radiology", "department_name": "Radiology", "charged": "842.55",
		"requests": 4.0, "fulfilled": 3.0, "responses": 2.0, "avg_score": "4.00"}}
	if diff := cmp.Diff(wantDept, dept); diff != "" {
		t.Errorf("department report (-want +got):\n%s", diff)
	}

	e.clock.Set(time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC))
	e.must(t, 200, finance, "POST", "/v1/periods/2026-03/close", "")
	check("closed month", want)
	// A survey after the close still counts: scores 5, 3, 4: avg 4.00, CSAT 2 of 3 = 66.7%, all 3 answered.
	e.must(t, 201, radiology, "POST", "/v1/requests/"+ids[2]+"/survey", `{"score":4}`)
	want["responses"], want["csat_percent"], want["response_rate_percent"] = 3.0, "66.7", "100.0"
	check("closed month, a late survey", want)

	csv := e.do(t, finance, "GET", "/v1/reports/services?from=2026-03&to=2026-03&format=csv", "")
	if !strings.HasPrefix(csv.body, "service_id,service_name,category,requests,fulfilled,units,charged,credits,cost_per_unit,responses,avg_score,csat_percent,response_rate_percent,sla_met_percent,median_hours,p90_hours\n") ||
		!strings.Contains(csv.body, "\ndata-extract,Data extract,") || !strings.Contains(csv.body, ",1,0,0,0.00,0.00,,0,,,,,,\n") {
		t.Errorf("CSV: got\n%s", csv.body)
	}
}

func TestSurveyRules(t *testing.T) {
	e := newEnv(t)
	done := e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":1}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+done+"/fulfill", "")
	open := e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":1}`)["id"].(string)
	cancelled := e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":1}`)["id"].(string)
	e.must(t, 200, radiology, "POST", "/v1/requests/"+cancelled+"/cancel", "")
	tests := []struct {
		name string
		who  caller
		id   string
		body string
		want int
	}{
		{"a half score", radiology, done, `{"score":3.5}`, 400},
		{"a word", radiology, done, `{"score":"five"}`, 400},
		{"a string number", radiology, done, `{"score":"4"}`, 400},
		{"zero", radiology, done, `{"score":0}`, 400},
		{"six", radiology, done, `{"score":6}`, 400},
		{"no score", radiology, done, `{"comment":"ok"}`, 400},
		{"a long comment", radiology, done, `{"score":4,"comment":"` + strings.Repeat("x", 1001) + `"}`, 400},
		{"an escape in the comment", radiology, done, `{"score":4,"comment":"\u001b[31m"}`, 400},
		{"another department", pharmacy, done, `{"score":4}`, 404},
		{"IT may not answer", fulfiller, done, `{"score":4}`, 403},
		{"not yet fulfilled", radiology, open, `{"score":4}`, 409},
		{"cancelled", radiology, cancelled, `{"score":4}`, 409},
		{"the answer", radiology, done, `{"score":4,"comment":"fine"}`, 201},
		{"a second answer", radiology, done, `{"score":5}`, 409},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := e.do(t, tt.who, "POST", "/v1/requests/"+tt.id+"/survey", tt.body); res.status != tt.want {
				t.Errorf("got %d, want %d\n%s", res.status, tt.want, res.body)
			}
		})
	}
	got := e.must(t, 200, fulfiller, "GET", "/v1/requests/"+done+"/survey", "")
	if got["score"] != 4.0 || got["comment"] != "fine" || got["month"] != "2026-03" {
		t.Errorf("survey: got %v", got)
	}
	e.must(t, 404, radiology, "GET", "/v1/requests/"+open+"/survey", "")
	e.must(t, 404, pharmacy, "GET", "/v1/requests/"+done+"/survey", "")
}

func TestReportRanges(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct{ query, field string }{
		{"from=2026-03", "to"}, {"from=2026-3&to=2026-03", "from"}, {"from=2026-03&to=2026-02", "to"},
		{"from=2024-01&to=2026-01", "to"}, {"from=2026-01&to=2026-04", "to"},
	} {
		res := e.do(t, finance, "GET", "/v1/reports/services?"+tt.query, "")
		if res.status != 400 || !strings.Contains(res.body, `"field":"`+tt.field+`"`) {
			t.Errorf("%s: got %d %s, want 400 naming %s", tt.query, res.status, res.body, tt.field)
		}
	}
	e.must(t, 200, finance, "GET", "/v1/reports/services?from=2024-04&to=2026-03", "") // 24 months
	e.must(t, 403, radiology, "GET", "/v1/reports/services?from=2026-03&to=2026-03", "")
	e.must(t, 403, fulfiller, "GET", "/v1/reports/departments?from=2026-03&to=2026-03", "")
}

func TestServiceChartThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id":"barcode-scanner","quantity":2}`)["id"].(string)
	e.create(t, radiology, `{"service_id":"data-extract","quantity":1}`)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
	e.must(t, 201, radiology, "POST", "/v1/requests/"+id+"/survey", `{"score":4}`)

	res := e.do(t, onlyLeadership, "GET", "/v1/reports/services/chart.svg?from=2026-03&to=2026-03", "")
	if res.status != 200 || !strings.HasPrefix(res.headers["Content-Type"], "image/svg+xml") {
		t.Fatalf("chart: got %d %s", res.status, res.headers["Content-Type"])
	}
	// Barcode scanner is rated (2 × 289.00 over one request: 578.00); Data extract has no response.
	for _, want := range []string{">Barcode scanner<", "Data extract", "(USD)", "2026-03 to 2026-03"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	empty := e.do(t, finance, "GET", "/v1/reports/services/chart.svg?from=2025-01&to=2025-02", "")
	if empty.status != 200 || !strings.Contains(empty.body, "No services with rated activity") {
		t.Errorf("empty chart: got %d, want the no-data message\n%.300s", empty.status, empty.body)
	}
	e.must(t, 403, radiology, "GET", "/v1/reports/services/chart.svg?from=2026-03&to=2026-03", "")
}
