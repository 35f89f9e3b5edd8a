package httpapi_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/apitest"
	"chargeback/internal/dynamotest"
)

// TestBudgetHostileInput: each PUT below is refused with a 4xx problem
// (400 naming the field it breaks, 404 for a department that is not
// there, 413 for an oversized body), never a 500, and the table is the
// same bytes afterwards: nothing was written, not even a crossing.
func TestBudgetHostileInput(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", budgetPath, `{"amount": "500", "thresholds": [50]}`)
	e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 10}`) // more in the table than the budget
	before := snapshot(t, e)

	long := strings.Repeat("9", 60<<10)
	tests := []struct {
		name, path, body string
		status           int
		field            string // for a 400, the field it must name
	}{
		{"FY1899", "/v1/budgets/1899/radiology", `{"amount": 1}`, 400, "year"},
		{"FY0000", "/v1/budgets/0000/radiology", `{"amount": 1}`, 400, "year"},
		{"FY10000", "/v1/budgets/10000/radiology", `{"amount": 1}`, 400, "year"},
		{"FY negative", "/v1/budgets/-2027/radiology", `{"amount": 1}`, 400, "year"},
		{"FY letters", "/v1/budgets/abcd/radiology", `{"amount": 1}`, 400, "year"},
		{"FY with a decimal point", "/v1/budgets/2027.0/radiology", `{"amount": 1}`, 400, "year"},
		{"FY with an exponent", "/v1/budgets/2e3/radiology", `{"amount": 1}`, 400, "year"},
		{"FY in full-width digits", "/v1/budgets/%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%97/radiology", `{"amount": 1}`, 400, "year"},
		{"FY with a space", "/v1/budgets/2027%20/radiology", `{"amount": 1}`, 400, "year"},
		{"FY with a NUL", "/v1/budgets/2027%00/radiology", `{"amount": 1}`, 400, "year"},
		{"FY a thousand digits long", "/v1/budgets/" + strings.Repeat("2", 1000) + "/radiology", `{"amount": 1}`, 400, "year"},
		{"department in capitals", "/v1/budgets/2027/RADIOLOGY", `{"amount": 1}`, 404, ""},
		{"department climbing paths", "/v1/budgets/2027/..%2Fpharmacy", `{"amount": 1}`, 404, ""},
		{"thresholds out of order", budgetPath, `{"amount": 1, "thresholds": [100, 50]}`, 400, "thresholds"},
		{"thresholds duplicated", budgetPath, `{"amount": 1, "thresholds": [50, 80, 80, 100]}`, 400, "thresholds"},
		{"threshold 201", budgetPath, `{"amount": 1, "thresholds": [80, 201]}`, 400, "thresholds"},
		{"threshold 0", budgetPath, `{"amount": 1, "thresholds": [0]}`, 400, "thresholds"},
		{"threshold negative", budgetPath, `{"amount": 1, "thresholds": [-80, 100]}`, 400, "thresholds"},
		{"threshold past int64", budgetPath, `{"amount": 1, "thresholds": [99999999999999999999999]}`, 400, "thresholds"},
		{"threshold as a string", budgetPath, `{"amount": 1, "thresholds": [80, "100"]}`, 400, "thresholds"},
		{"threshold with an exponent", budgetPath, `{"amount": 1, "thresholds": [1e2]}`, 400, "thresholds"},
		{"threshold a fraction", budgetPath, `{"amount": 1, "thresholds": [99.5]}`, 400, "thresholds"},
		{"threshold true", budgetPath, `{"amount": 1, "thresholds": [true]}`, 400, "thresholds"},
		{"thresholds nested", budgetPath, `{"amount": 1, "thresholds": [[80], [100]]}`, 400, "thresholds"},
		{"thresholds an object", budgetPath, `{"amount": 1, "thresholds": {"warn": 80}}`, 400, "thresholds"},
		{"thresholds 1 to 201", budgetPath, `{"amount": 1, "thresholds": [` + counting(201) + `]}`, 400, "thresholds"},
		{"thresholds twenty thousand ones", budgetPath, `{"amount": 1, "thresholds": [` + strings.TrimSuffix(strings.Repeat("1,", 20000), ",") + `]}`, 400, "thresholds"},
		{"amount with three decimals", budgetPath, `{"amount": "1000.005"}`, 400, "amount"},
		{"amount with three decimals, a number", budgetPath, `{"amount": 1000.005}`, 400, "amount"},
		{"amount 10^9", budgetPath, `{"amount": "1000000000.00"}`, 400, "amount"},
		{"amount far past 10^9", budgetPath, `{"amount": "` + long + `"}`, 400, "amount"},
		{"amount a tiny fraction", budgetPath, `{"amount": "0.` + strings.Repeat("0", 50000) + `1"}`, 400, "amount"},
		{"amount negative", budgetPath, `{"amount": -100}`, 400, "amount"},
		{"amount minus zero", budgetPath, `{"amount": "-0"}`, 400, "amount"},
		{"amount NaN", budgetPath, `{"amount": "NaN"}`, 400, "amount"},
		{"amount Infinity", budgetPath, `{"amount": "Infinity"}`, 400, "amount"},
		{"amount with a thousands comma", budgetPath, `{"amount": "1,000"}`, 400, "amount"},
		{"amount with a currency", budgetPath, `{"amount": "500 USD"}`, 400, "amount"},
		{"amount hexadecimal", budgetPath, `{"amount": "0x1F4"}`, 400, "amount"},
		{"amount true", budgetPath, `{"amount": true}`, 400, "amount"},
		{"amount null", budgetPath, `{"amount": null}`, 400, "amount"},
		{"amount an object", budgetPath, `{"amount": {"value": 5}}`, 400, "amount"},
		{"amount a list", budgetPath, `{"amount": [5]}`, 400, "amount"},
		{"amount empty", budgetPath, `{"amount": ""}`, 400, "amount"},
		{"amount twice", budgetPath, `{"amount": 5, "amount": 6}`, 400, "amount"},
		{"amount in capitals", budgetPath, `{"AMOUNT": 5}`, 400, "AMOUNT"},
		{"unknown field: version", budgetPath, `{"amount": 5, "version": 9}`, 400, "version"},
		{"unknown field: department", budgetPath, `{"amount": 5, "department": "pharmacy"}`, 400, "department"},
		{"unknown field: a key attribute", budgetPath, `{"amount": 5, "PK": "BUDGETS#2026"}`, 400, "PK"},
		{"unknown field 60 KiB long", budgetPath, `{"amount": 5, "x": "` + strings.Repeat("x", 60<<10) + `"}`, 400, "x"},
		{"body over 64 KiB", budgetPath, `{"amount": 5, "x": "` + strings.Repeat("x", 70<<10) + `"}`, 413, ""},
		{"no body", budgetPath, ``, 400, ""},
		{"malformed JSON", budgetPath, `{"amount": 5`, 400, ""},
		{"a list for a body", budgetPath, `[{"amount": 5}]`, 400, ""},
		{"two bodies", budgetPath, `{"amount": 5} {"amount": 6}`, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, finance, "PUT", tt.path, tt.body)
			if res.status != tt.status {
				t.Fatalf("got %d, want %d\n%.300s", res.status, tt.status, res.body)
			}
			if !strings.HasPrefix(res.headers["Content-Type"], "application/problem+json") {
				t.Errorf("content type: got %q, want a problem", res.headers["Content-Type"])
			}
			if tt.field != "" {
				mustField(t, res, tt.field)
			}
			// The same path read back is refused the same way, or shows
			// the budget as it was.
			if get := e.do(t, finance, "GET", tt.path, ""); get.status >= 500 {
				t.Errorf("GET: got %d\n%.300s", get.status, get.body)
			}
		})
	}
	if diff := cmp.Diff(before, snapshot(t, e)); diff != "" {
		t.Errorf("refused PUTs changed the table (-before +after):\n%s", diff)
	}
}

// counting is "1, 2, …, n".
func counting(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprint(i + 1)
	}
	return strings.Join(parts, ", ")
}

// TestBudgetHostileReaders: a requester asking for another department's
// budget however the path is written gets the very 404 an unknown
// department gets; a requester may not list the year.
func TestBudgetHostileReaders(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", budgetPath, `{"amount": 5000}`)
	unknown := e.do(t, pharmacy, "GET", "/v1/budgets/2027/astrology", "")
	if unknown.status != 404 {
		t.Fatalf("unknown department: got %d, want 404", unknown.status)
	}
	for _, path := range []string{budgetPath, "/v1/budgets/2026/radiology", "/v1/budgets/2099/radiology", "/v1/budgets/2027/laboratory"} {
		if res := e.do(t, pharmacy, "GET", path, ""); res.status != 404 || res.body != unknown.body {
			t.Errorf("pharmacy GET %s: got %d %s, want the unknown department's 404 %s", path, res.status, res.body, unknown.body)
		}
	}
	if res := e.do(t, pharmacy, "GET", "/v1/budgets/2027", ""); res.status != 403 {
		t.Errorf("requester list: got %d, want 403", res.status)
	}
	if res := e.do(t, apitest.Astrologer, "GET", budgetPath, ""); res.status != 403 && res.status != 404 {
		t.Errorf("requester of no department: got %d, want 403 or 404", res.status)
	}
}

// racePuts sends n PUTs of the budget at once, the i-th with amount
// base+i and the given If-Match (none when empty), and returns each
// answer.
func racePuts(t *testing.T, e *env, n, base int, ifMatch string) []response {
	t.Helper()
	out := make([]response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var headers []string
			if ifMatch != "" {
				headers = []string{"If-Match", ifMatch}
			}
			out[i] = e.do(t, finance, "PUT", budgetPath, fmt.Sprintf(`{"amount": %d}`, base+i), headers...)
		})
	}
	wg.Wait()
	return out
}

// TestBudgetRacingPutsPerETag: in each of three rounds, eight PUTs race
// with the current ETag: exactly one lands (200, the next version) and
// every other is 409 version_mismatch; the budget holds the winner's
// amount.
func TestBudgetRacingPutsPerETag(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", budgetPath, `{"amount": 100}`)
	for round := 1; round <= 3; round++ {
		res := racePuts(t, e, 8, 1000*round, fmt.Sprintf(`"%d"`, round))
		var winners []string
		for _, r := range res {
			switch r.status {
			case 200:
				winners = append(winners, fmt.Sprint(r.json(t)["amount"]))
				if r.headers["ETag"] != fmt.Sprintf(`"%d"`, round+1) {
					t.Errorf("round %d: winner's ETag %s, want \"%d\"", round, r.headers["ETag"], round+1)
				}
			case 409:
				if code := r.json(t)["code"]; code != "version_mismatch" {
					t.Errorf("round %d: loser's code %v, want version_mismatch", round, code)
				}
			default:
				t.Errorf("round %d: got %d, want 200 or 409\n%s", round, r.status, r.body)
			}
		}
		if len(winners) != 1 {
			t.Fatalf("round %d: %d PUTs landed, want exactly 1", round, len(winners))
		}
		b := e.must(t, 200, finance, "GET", budgetPath, "")["budget"].(map[string]any)
		if b["amount"] != winners[0] || b["version"] != float64(round+1) {
			t.Errorf("round %d: stored %v version %v, want the winner's %s version %d", round, b["amount"], b["version"], winners[0], round+1)
		}
	}
}

// TestBudgetRacingFirstPuts: PUTs without If-Match racing to create the
// first budget: last write wins. Exactly one is the creation (201,
// version 1); each other one that lands replaces it (200) with a version
// of its own, or, having lost every retry, is 409; no write is lost as a
// version, and the stored budget is the one with the highest version.
func TestBudgetRacingFirstPuts(t *testing.T) {
	e := newEnv(t)
	res := racePuts(t, e, 8, 500, "")
	created, landed := 0, 0
	byVersion := map[float64]any{}
	for _, r := range res {
		switch r.status {
		case 201, 200:
			body := r.json(t)
			if r.status == 201 {
				created++
				if body["version"] != 1.0 {
					t.Errorf("the creation: version %v, want 1", body["version"])
				}
			}
			landed++
			if prev, dup := byVersion[body["version"].(float64)]; dup {
				t.Errorf("version %v given twice: %v and %v", body["version"], prev, body["amount"])
			}
			byVersion[body["version"].(float64)] = body["amount"]
		case 409:
		default:
			t.Errorf("got %d, want 201, 200 or 409\n%s", r.status, r.body)
		}
	}
	if created != 1 {
		t.Errorf("%d PUTs answered 201, want exactly 1", created)
	}
	b := e.must(t, 200, finance, "GET", budgetPath, "")["budget"].(map[string]any)
	if b["version"] != float64(landed) || b["amount"] != byVersion[float64(landed)] {
		t.Errorf("stored version %v amount %v; want version %d, the last to land (%v)", b["version"], b["amount"], landed, byVersion[float64(landed)])
	}
}

// TestBudgetRacingFirstPutsIfNone: PUTs racing to create the first
// budget, each with If-Match "0" (none yet), as the portal sends them:
// exactly one lands (201, version 1) and every other is 409
// version_mismatch naming version 1; the stored budget is the winner's.
func TestBudgetRacingFirstPutsIfNone(t *testing.T) {
	e := newEnv(t)
	var winners []any
	for _, r := range racePuts(t, e, 8, 700, `"0"`) {
		switch r.status {
		case 201:
			winners = append(winners, r.json(t)["amount"])
		case 409:
			body := r.json(t)
			if body["code"] != "version_mismatch" || body["current_version"] != 1.0 {
				t.Errorf("loser: code %v current_version %v, want version_mismatch, 1", body["code"], body["current_version"])
			}
		default:
			t.Errorf("got %d, want 201 or 409\n%s", r.status, r.body)
		}
	}
	if len(winners) != 1 {
		t.Fatalf("%d PUTs landed, want exactly 1", len(winners))
	}
	b := e.must(t, 200, finance, "GET", budgetPath, "")["budget"].(map[string]any)
	if b["amount"] != winners[0] || b["version"] != 1.0 {
		t.Errorf("stored %v version %v, want the winner's %v version 1", b["amount"], b["version"], winners[0])
	}
}

// TestBudgetEdgeYears: with fiscal years starting in July in Auckland,
// the first and last years the API takes (2000, which begins in 1999-07,
// and 2999) are served and set like any other: a year long past is all
// actual (nothing here), a year far ahead counts a running request's
// monthly estimate for all twelve months.
func TestBudgetEdgeYears(t *testing.T) {
	cfg := apitest.Config()
	auckland, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location, cfg.FiscalYearStart = auckland, time.July
	api, _, _ := apiOnLocal(t, dynamotest.Endpoint(t), cfg, apitest.NewClock(apitest.Now))
	h, routes := api.Handler(""), api.Routes()
	do := func(who caller, method, path, body string) response {
		return fromAPITest(apitest.Call(t, h, routes, who, method, path, body))
	}
	// 10 VPN users, 45.00 a month at today's price.
	if res := do(radiology, "POST", "/v1/requests", `{"service_id": "vpn-access", "quantity": 10}`); res.status != 201 {
		t.Fatalf("create: got %d\n%s", res.status, res.body)
	}
	for _, tt := range []struct{ year, committed string }{{"2000", "0.00"}, {"2999", "540.00"}} {
		if res := do(finance, "PUT", "/v1/budgets/"+tt.year+"/radiology", `{"amount": 1000}`); res.status != 201 {
			t.Errorf("PUT %s: got %d\n%s", tt.year, res.status, res.body)
		}
		res := do(radiology, "GET", "/v1/budgets/"+tt.year+"/radiology", "")
		if res.status != 200 {
			t.Fatalf("GET %s: got %d\n%s", tt.year, res.status, res.body)
		}
		got := res.json(t)
		if got["committed"] != tt.committed || got["actual"] != "0.00" || got["recurring"] != "0.00" {
			t.Errorf("%s: got actual %v committed %v recurring %v, want 0.00, %s, 0.00", tt.year, got["actual"], got["committed"], got["recurring"], tt.committed)
		}
		if res := do(finance, "GET", "/v1/budgets/"+tt.year, ""); res.status != 200 {
			t.Errorf("GET the year %s: got %d\n%s", tt.year, res.status, res.body)
		}
	}
}

// TestBudgetCrossingsOfRacingCreates: six requests of 289.00 filed at
// once against a budget of 1000.00 (thresholds 50 and 100) each reckon
// their "after" from a forecast without the others, 289.00, 28.9 %; all
// six make 1734.00, over the budget. Both thresholds are recorded as
// crossed once the creates are done, as they would be had the requests
// come one after another.
func TestBudgetCrossingsOfRacingCreates(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", "/v1/budgets/2026/radiology", `{"amount": "1000", "thresholds": [50, 100]}`)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() { e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`) })
	}
	wg.Wait()
	if got := e.must(t, 200, finance, "GET", "/v1/budgets/2026/radiology", "")["forecast"]; got != "1734.00" {
		t.Errorf("forecast: got %v, want 1734.00 (6 × 289.00)", got)
	}
	e.wantCrossings(t, "2026", "radiology", 50, 100)
}
