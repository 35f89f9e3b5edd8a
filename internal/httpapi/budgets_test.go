package httpapi_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/apitest"
)

const budgetPath = "/v1/budgets/2027/radiology"

// TestBudgetLifecycle: a department's year answers budget null until
// finance sets one (201), then the budget; a second PUT replaces it (200)
// with the next version, and If-Match naming a stale version is 409 and
// changes nothing.
func TestBudgetLifecycle(t *testing.T) {
	e := newEnv(t)
	got := e.must(t, 200, radiology, "GET", budgetPath, "")
	empty := map[string]any{
		"year": "2027", "department": "radiology", "budget": nil, "currency": "USD", "as_of": "2026-03",
		"actual": "0.00", "committed": "0.00", "commitments": []any{}, "recurring": "0.00", "forecast": "0.00",
		"remaining": nil, "used_percent": nil, "status": nil,
	}
	if diff := cmp.Diff(empty, got); diff != "" {
		t.Errorf("before any budget (-want +got):\n%s", diff)
	}

	res := e.do(t, finance, "PUT", budgetPath, `{"amount": 120000.5}`)
	if res.status != 201 || res.headers["ETag"] != `"1"` {
		t.Fatalf("first PUT: got %d, ETag %q, want 201, \"1\"\n%s", res.status, res.headers["ETag"], res.body)
	}
	want := map[string]any{
		"year": "2027", "department": "radiology", "amount": "120000.50", "thresholds": []any{80.0, 100.0},
		"version": 1.0, "updated_at": "2026-03-02T09:00:00Z", "updated_by": "fran",
	}
	if diff := cmp.Diff(want, res.json(t)); diff != "" {
		t.Errorf("first PUT (-want +got):\n%s", diff)
	}

	got = e.must(t, 200, finance, "PUT", budgetPath, `{"amount": "150000", "thresholds": [50, 90, 120]}`, "If-Match", `"1"`)
	want["amount"], want["thresholds"], want["version"] = "150000.00", []any{50.0, 90.0, 120.0}, 2.0
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PUT with If-Match (-want +got):\n%s", diff)
	}

	mustCode(t, e.do(t, finance, "PUT", budgetPath, `{"amount": 1}`, "If-Match", `"1"`), 409, "version_mismatch")
	got = e.must(t, 200, radiology, "GET", budgetPath, "")
	if diff := cmp.Diff(want, got["budget"]); diff != "" {
		t.Errorf("after a stale If-Match (-want +got):\n%s", diff)
	}

	// Without If-Match the last write wins.
	got = e.must(t, 200, finance, "PUT", budgetPath, `{"amount": 1}`)
	if got["version"] != 3.0 || got["amount"] != "1.00" {
		t.Errorf("PUT without If-Match: got version %v amount %v, want 3, 1.00", got["version"], got["amount"])
	}
}

// TestBudgetIfMatchBeforeAnyBudget: If-Match when there is no budget yet
// names a version that does not exist (1, or * which needs a budget): 409,
// and nothing is written. "0" names "none yet": it creates the first, and
// once there is one it is 409 like any stale version.
func TestBudgetIfMatchBeforeAnyBudget(t *testing.T) {
	e := newEnv(t)
	for _, m := range []string{`"1"`, `*`, `W/"2", "1"`} {
		res := e.do(t, finance, "PUT", budgetPath, `{"amount": 1}`, "If-Match", m)
		mustCode(t, res, 409, "version_mismatch")
		if got := res.json(t)["current_version"]; got != 0.0 {
			t.Errorf("If-Match %s: current_version %v, want 0", m, got)
		}
		if got := e.must(t, 200, finance, "GET", budgetPath, "")["budget"]; got != nil {
			t.Errorf("after If-Match %s: got budget %v, want null", m, got)
		}
	}
	got := e.must(t, 201, finance, "PUT", budgetPath, `{"amount": "2.50"}`, "If-Match", `"0"`)
	if got["version"] != 1.0 || got["amount"] != "2.50" {
		t.Errorf("first budget with If-Match \"0\": version %v amount %v, want 1, 2.50", got["version"], got["amount"])
	}
	mustCode(t, e.do(t, finance, "PUT", budgetPath, `{"amount": 3}`, "If-Match", `"0"`), 409, "version_mismatch")
	if got := e.must(t, 200, finance, "GET", budgetPath, "")["budget"].(map[string]any)["amount"]; got != "2.50" {
		t.Errorf("after a second If-Match \"0\": amount %v, want 2.50", got)
	}
}

// TestBudgetValidation: each broken rule is 400 naming its field, and
// writes nothing.
func TestBudgetValidation(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, path, body, field string
	}{
		{"no amount", budgetPath, `{}`, "amount"},
		{"zero", budgetPath, `{"amount": 0}`, "amount"},
		{"negative", budgetPath, `{"amount": "-5"}`, "amount"},
		{"three decimals", budgetPath, `{"amount": "100.005"}`, "amount"},
		{"a billion", budgetPath, `{"amount": 1000000000}`, "amount"},
		{"exponent", budgetPath, `{"amount": 1e5}`, "amount"},
		{"not a number", budgetPath, `{"amount": "lots"}`, "amount"},
		{"thresholds out of order", budgetPath, `{"amount": 1, "thresholds": [100, 80]}`, "thresholds"},
		{"thresholds repeated", budgetPath, `{"amount": 1, "thresholds": [80, 80]}`, "thresholds"},
		{"threshold zero", budgetPath, `{"amount": 1, "thresholds": [0, 100]}`, "thresholds"},
		{"threshold past 200", budgetPath, `{"amount": 1, "thresholds": [201]}`, "thresholds"},
		{"threshold not whole", budgetPath, `{"amount": 1, "thresholds": [80.5]}`, "thresholds"},
		{"thresholds empty", budgetPath, `{"amount": 1, "thresholds": []}`, "thresholds"},
		{"thresholds not a list", budgetPath, `{"amount": 1, "thresholds": "80,100"}`, "thresholds"},
		{"year far in the past", "/v1/budgets/1999/radiology", `{"amount": 1}`, "year"},
		{"year far in the future", "/v1/budgets/3000/radiology", `{"amount": 1}`, "year"},
		{"year not YYYY", "/v1/budgets/27/radiology", `{"amount": 1}`, "year"},
		{"year a month", "/v1/budgets/2027-01/radiology", `{"amount": 1}`, "year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mustField(t, e.do(t, finance, "PUT", tt.path, tt.body), tt.field)
		})
	}
	t.Run("both at once", func(t *testing.T) {
		res := e.do(t, finance, "PUT", budgetPath, `{"amount": 0, "thresholds": [100, 80]}`)
		if diff := cmp.Diff([]string{"amount", "thresholds"}, problemFields(t, res)); diff != "" {
			t.Errorf("fields (-want +got):\n%s", diff)
		}
	})
	t.Run("an unknown field", func(t *testing.T) {
		if res := e.do(t, finance, "PUT", budgetPath, `{"amount": 1, "currency": "EUR"}`); res.status != 400 {
			t.Errorf("got %d, want 400\n%s", res.status, res.body)
		}
	})
	if got := e.must(t, 200, finance, "GET", budgetPath, "")["budget"]; got != nil {
		t.Errorf("after refused PUTs: got budget %v, want null", got)
	}
}

// TestBudgetOtherDepartment: a requester asking for another department's
// budget, or anyone for an unknown department, gets the same 404 byte for
// byte; a requester may not set a budget at all.
func TestBudgetOtherDepartment(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", budgetPath, `{"amount": 5000}`)
	other := e.do(t, pharmacy, "GET", budgetPath, "")
	unknown := e.do(t, pharmacy, "GET", "/v1/budgets/2027/astrology", "")
	if other.status != 404 || other.body != unknown.body {
		t.Errorf("other department: got %d %s, want 404 as for an unknown one: %s", other.status, other.body, unknown.body)
	}
	if res := e.do(t, finance, "PUT", "/v1/budgets/2027/astrology", `{"amount": 1}`); res.status != 404 || res.body != unknown.body {
		t.Errorf("PUT of an unknown department: got %d %s, want the same 404", res.status, res.body)
	}
	if res := e.do(t, radiology, "PUT", budgetPath, `{"amount": 1}`); res.status != 403 {
		t.Errorf("requester PUT: got %d, want 403", res.status)
	}
	if res := e.do(t, radiology, "GET", "/v1/budgets/2027", ""); res.status != 403 {
		t.Errorf("requester list: got %d, want 403", res.status)
	}
}

// TestBudgetList: the year's list names every catalog department, in the
// catalog's order, with its budget or null; other years' budgets stay out.
func TestBudgetList(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", "/v1/budgets/2027/pharmacy", `{"amount": 700}`)
	e.must(t, 201, finance, "PUT", "/v1/budgets/2027/radiology", `{"amount": 900, "thresholds": [100]}`)
	e.must(t, 201, finance, "PUT", "/v1/budgets/2028/radiology", `{"amount": 1}`)
	deps := e.must(t, 200, leadership, "GET", "/v1/departments", "")["items"].([]any)
	got := e.must(t, 200, apitest.OnlyLeadership, "GET", "/v1/budgets/2027", "")
	if got["year"] != "2027" {
		t.Errorf("year: got %v, want 2027", got["year"])
	}
	items := got["items"].([]any)
	if len(items) != len(deps) {
		t.Fatalf("got %d items, want one per department (%d)", len(items), len(deps))
	}
	amounts := map[string]any{}
	for i, it := range items {
		m := it.(map[string]any)
		if want := deps[i].(map[string]any)["id"]; m["department"] != want {
			t.Errorf("item %d: got %v, want %v", i, m["department"], want)
		}
		if b, ok := m["budget"].(map[string]any); ok {
			amounts[fmt.Sprint(m["department"])] = b["amount"]
		}
	}
	if diff := cmp.Diff(map[string]any{"pharmacy": "700.00", "radiology": "900.00"}, amounts); diff != "" {
		t.Errorf("budgets (-want +got):\n%s", diff)
	}
}

// TestBudgetRacingPuts: PUTs racing with the same If-Match: exactly one
// lands. Racing PUTs without If-Match each land (200) or, when they lost
// every retry, answer 409; every one that landed made a version of its
// own, so none was lost.
func TestBudgetRacingPuts(t *testing.T) {
	e := newEnv(t)
	e.must(t, 201, finance, "PUT", budgetPath, `{"amount": 100}`)
	const n = 6
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do(t, finance, "PUT", budgetPath, fmt.Sprintf(`{"amount": %d}`, 200+i), "If-Match", `"1"`).status
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if diff := cmp.Diff(map[int]int{200: 1, 409: n - 1}, count); diff != "" {
		t.Errorf("statuses with one If-Match (-want +got):\n%s", diff)
	}
	if got := e.must(t, 200, finance, "GET", budgetPath, "")["budget"].(map[string]any)["version"]; got != 2.0 {
		t.Errorf("version: got %v, want 2", got)
	}

	landed := make([]bool, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch res := e.do(t, finance, "PUT", budgetPath, fmt.Sprintf(`{"amount": %d}`, 300+i)); res.status {
			case 200:
				landed[i] = true
			case 409:
			default:
				t.Errorf("PUT without If-Match: got %d, want 200 or 409\n%s", res.status, res.body)
			}
		}()
	}
	wg.Wait()
	wantVersion := 2.0
	for _, l := range landed {
		if l {
			wantVersion++
		}
	}
	if wantVersion == 2 {
		t.Error("no PUT without If-Match landed")
	}
	if got := e.must(t, 200, finance, "GET", budgetPath, "")["budget"].(map[string]any)["version"]; got != wantVersion {
		t.Errorf("version after racing PUTs without If-Match: got %v, want %v", got, wantVersion)
	}
}
