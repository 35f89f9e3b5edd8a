package systemtest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/apitest"
	"chargeback/internal/golden"
	"chargeback/internal/httpapi"
)

// matrixCallers are the columns of the authorization matrix: who calls.
// Departmental routes are called on Radiology's data, so the first
// requester acts for their own department and the second for another.
var matrixCallers = []struct {
	heading string
	who     apitest.Caller
}{
	{"no token", apitest.Nobody},
	{"requester, own department", apitest.Radiology},
	{"requester, other department", apitest.Pharmacy},
	{"requester, unknown department", apitest.Astrologer},
	{"fulfiller", apitest.Fulfiller},
	{"finance", apitest.Finance},
	{"leadership", apitest.OnlyLeadership},
}

// matrixOtherColumn is the column of the requester of another
// department, whose 404 the README marks as such.
const matrixOtherColumn = 2

// matrixShot is what one caller sends to one route.
type matrixShot struct {
	// params fill the route's path template; query is appended as is.
	params map[string]string
	query  string
	body   string
	// unchanged, when set, checks after a refused call that the fresh
	// fixture made for it is as it was.
	unchanged func(t *testing.T)
	// inBody, when set, is a value in the body naming a department's data
	// and a stand-in for data that does not exist (for routes whose path
	// names none).
	inBody *[2]string
}

// matrixRow is one route of the matrix: what a call sends (a valid body,
// and a fresh fixture in the state the route acts on when it changes
// state) and the status SPEC gives each caller, in matrixCallers order.
type matrixRow struct {
	shot func(t *testing.T) matrixShot
	want [7]int
}

// matrixWorld is the data the matrix acts on. February 2026 is closed and
// holds a fulfilled, rated Radiology request and a fulfilled Pharmacy
// one; it is now 2026-03-02 09:00 and March is open.
type matrixWorld struct {
	e         *apitest.Env
	delivered string // Radiology's February request, fulfilled and rated
	closes    int    // months closed by the close route so far
	inquiry   string // an inquiry about a line of Radiology's March
}

func newMatrixWorld(t *testing.T) *matrixWorld {
	t.Helper()
	e := apitest.NewEnv(t)
	w := &matrixWorld{e: e}
	e.Clock.Set(time.Date(2026, 2, 2, 9, 0, 0, 0, time.UTC))
	w.delivered = w.fulfilled(t, apitest.Radiology, "barcode-scanner")
	e.Must(t, 201, apitest.Radiology, "POST", "/v1/requests/"+w.delivered+"/survey", `{"score": 5, "comment": "quick"}`)
	w.fulfilled(t, apitest.Pharmacy, "barcode-scanner")
	e.Clock.Set(apitest.Now)
	e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/2026-02/close", "")
	w.inquiry = w.openInquiry("")(t).params["id"]
	return w
}

// fulfilled files a request for the caller's department and fulfils it.
func (w *matrixWorld) fulfilled(t *testing.T, who apitest.Caller, service string) string {
	t.Helper()
	id := w.e.Create(t, who, `{"service_id": "`+service+`", "quantity": 1}`)["id"].(string)
	w.e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
	return id
}

// fresh makes a new Radiology request in the state a route acts on:
// "submitted", "approved", "fulfilled" (one-time) or "subscribed" (a
// fulfilled monthly service). The shot's unchanged checks its version.
func (w *matrixWorld) fresh(t *testing.T, state, body string) matrixShot {
	t.Helper()
	var id string
	switch state {
	case "submitted", "approved":
		// data-extract needs approval, so it starts submitted.
		id = w.e.Create(t, apitest.Radiology, `{"service_id": "data-extract", "quantity": 1}`)["id"].(string)
		if state == "approved" {
			w.e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/approve", "")
		}
	case "fulfilled":
		id = w.fulfilled(t, apitest.Radiology, "barcode-scanner")
	case "subscribed":
		id = w.fulfilled(t, apitest.Radiology, "secure-clinical-messaging")
	default:
		t.Fatalf("no fixture state %q", state)
	}
	before := w.e.Must(t, 200, apitest.Fulfiller, "GET", "/v1/requests/"+id, "")
	return matrixShot{params: map[string]string{"id": id}, body: body, unchanged: func(t *testing.T) {
		t.Helper()
		after := w.e.Must(t, 200, apitest.Fulfiller, "GET", "/v1/requests/"+id, "")
		if after["status"] != before["status"] || after["version"] != before["version"] {
			t.Errorf("a refused call changed the request: got %v version %v, want %v version %v",
				after["status"], after["version"], before["status"], before["version"])
		}
	}}
}

// closable is a month of 2025 nobody has closed yet, and the check that it
// stays open when the close is refused.
func (w *matrixWorld) closable(t *testing.T) matrixShot {
	w.closes++
	month := fmt.Sprintf("2025-%02d", w.closes)
	return matrixShot{params: map[string]string{"month": month}, unchanged: func(t *testing.T) {
		t.Helper()
		if p := w.e.Must(t, 200, apitest.Finance, "GET", "/v1/periods/"+month, ""); p["status"] != "open" {
			t.Errorf("a refused close changed %s: got %v, want open", month, p["status"])
		}
	}}
}

// budgetable is a PUT of Radiology's 2027 budget, and the check that a
// refused one leaves the budget as it was (none, until finance sets it).
func (w *matrixWorld) budgetable(t *testing.T) matrixShot {
	t.Helper()
	path := "/v1/budgets/2027/radiology"
	before := w.e.Must(t, 200, apitest.Finance, "GET", path, "")["budget"]
	return matrixShot{
		params: map[string]string{"year": "2027", "department": "radiology"},
		body:   `{"amount": "50000.00"}`,
		unchanged: func(t *testing.T) {
			t.Helper()
			if after := w.e.Must(t, 200, apitest.Finance, "GET", path, "")["budget"]; fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("a refused PUT changed the budget: got %v, want %v", after, before)
			}
		},
	}
}

// rows is the matrix: every route key the API serves, with the status
// SPEC gives each caller. Columns: no token, requester own, requester
// other, requester unknown department, fulfiller, finance, leadership.
func (w *matrixWorld) rows() map[string]matrixRow {
	read := func(params map[string]string, query string) func(*testing.T) matrixShot {
		return func(*testing.T) matrixShot { return matrixShot{params: params, query: query} }
	}
	fresh := func(state, body string) func(*testing.T) matrixShot {
		return func(t *testing.T) matrixShot { return w.fresh(t, state, body) }
	}
	send := func(body string) func(*testing.T) matrixShot {
		return func(*testing.T) matrixShot { return matrixShot{body: body} }
	}
	delivered := map[string]string{"id": w.delivered}
	closed := map[string]string{"month": "2026-02"}
	radiologyFeb := map[string]string{"month": "2026-02", "department": "radiology"}
	radiologyMar := map[string]string{"month": "2026-03", "department": "radiology"}
	months := "?from=2026-02&to=2026-02"
	radiology2027 := map[string]string{"year": "2027", "department": "radiology"}
	return map[string]matrixRow{
		"GET /v1/health":                 {read(nil, ""), [7]int{200, 200, 200, 200, 200, 200, 200}},
		"GET /v1/services":               {read(nil, ""), [7]int{401, 200, 200, 200, 200, 200, 200}},
		"GET /v1/services/{id}":          {read(map[string]string{"id": "vpn-access"}, ""), [7]int{401, 200, 200, 200, 200, 200, 200}},
		"GET /v1/departments":            {read(nil, ""), [7]int{401, 200, 200, 200, 200, 200, 200}},
		"POST /v1/requests":              {send(`{"service_id": "vpn-access", "quantity": 1, "department": "radiology"}`), [7]int{401, 201, 400, 403, 201, 201, 403}},
		"POST /v1/quotes":                {send(`{"service_id": "vpn-access", "quantity": 1, "department": "radiology"}`), [7]int{401, 200, 400, 403, 200, 200, 403}},
		"GET /v1/requests":               {read(nil, "?department=radiology"), [7]int{401, 200, 403, 403, 200, 200, 200}},
		"GET /v1/requests/{id}":          {read(delivered, ""), [7]int{401, 200, 404, 403, 200, 200, 200}},
		"PATCH /v1/requests/{id}":        {fresh("submitted", `{"quantity": 2, "note": "two extracts"}`), [7]int{401, 200, 404, 403, 403, 403, 403}},
		"POST /v1/requests/{id}/cancel":  {fresh("submitted", `{"reason": "no longer needed"}`), [7]int{401, 200, 404, 403, 200, 403, 403}},
		"POST /v1/requests/{id}/approve": {fresh("submitted", `{}`), [7]int{401, 403, 403, 403, 200, 403, 403}},
		"POST /v1/requests/{id}/reject":  {fresh("submitted", `{"reason": "duplicate"}`), [7]int{401, 403, 403, 403, 200, 403, 403}},
		"POST /v1/requests/{id}/start":   {fresh("approved", `{}`), [7]int{401, 403, 403, 403, 200, 403, 403}},
		"POST /v1/requests/{id}/fulfill": {fresh("approved", `{}`), [7]int{401, 403, 403, 403, 200, 403, 403}},
		"POST /v1/requests/{id}/end":     {fresh("subscribed", `{"ended_at": "2026-03-31T00:00:00Z"}`), [7]int{401, 200, 404, 403, 200, 403, 403}},
		"POST /v1/requests/{id}/survey":  {fresh("fulfilled", `{"score": 4, "comment": "fine"}`), [7]int{401, 201, 404, 403, 403, 403, 403}},
		"GET /v1/requests/{id}/survey":   {read(delivered, ""), [7]int{401, 200, 404, 403, 200, 200, 200}},

		"GET /v1/statements/{month}":                      {read(closed, ""), [7]int{401, 403, 403, 403, 403, 200, 200}},
		"GET /v1/statements/{month}/{department}":         {read(radiologyFeb, ""), [7]int{401, 200, 404, 403, 403, 200, 200}},
		"GET /v1/statements/{month}/{department}/changes": {read(radiologyMar, ""), [7]int{401, 200, 404, 403, 403, 200, 200}},
		"GET /v1/statements/{month}/journal":              {read(closed, ""), [7]int{401, 403, 403, 403, 403, 200, 403}},
		"GET /v1/periods/{month}":                         {read(closed, ""), [7]int{401, 403, 403, 403, 403, 200, 200}},
		"POST /v1/periods/{month}/close":                  {w.closable, [7]int{401, 403, 403, 403, 403, 200, 403}},
		"POST /v1/adjustments":                            {send(`{"department": "radiology", "month": "2026-03", "amount": "-12.50", "description": "matrix credit"}`), [7]int{401, 403, 403, 403, 403, 201, 403}},

		"POST /v1/inquiries":               {w.askable, [7]int{401, 201, 404, 403, 403, 201, 403}},
		"GET /v1/inquiries":                {read(nil, "?department=radiology"), [7]int{401, 200, 403, 403, 403, 200, 200}},
		"GET /v1/inquiries/{id}":           {read(map[string]string{"id": w.inquiry}, ""), [7]int{401, 200, 404, 403, 403, 200, 200}},
		"POST /v1/inquiries/{id}/resolve":  {w.openInquiry(`{"outcome": "rejected", "note": "billed as ordered"}`), [7]int{401, 403, 403, 403, 403, 200, 403}},
		"POST /v1/inquiries/{id}/withdraw": {w.openInquiry(`{}`), [7]int{401, 200, 404, 403, 403, 403, 403}},

		"PUT /v1/budgets/{year}/{department}": {w.budgetable, [7]int{401, 403, 403, 403, 403, 201, 403}},
		"GET /v1/budgets/{year}/{department}": {read(radiology2027, ""), [7]int{401, 200, 404, 403, 403, 200, 200}},
		"GET /v1/budgets/{year}":              {read(map[string]string{"year": "2027"}, ""), [7]int{401, 403, 403, 403, 403, 200, 200}},

		"GET /v1/reports/services":           {read(nil, months), [7]int{401, 403, 403, 403, 403, 200, 200}},
		"GET /v1/reports/departments":        {read(nil, months), [7]int{401, 403, 403, 403, 403, 200, 200}},
		"GET /v1/reports/services/chart.svg": {read(nil, months), [7]int{401, 403, 403, 403, 403, 200, 200}},
	}
}

// matrixTarget puts params into a route's path template, failing on a
// parameter the shot does not give.
func matrixTarget(t *testing.T, path string, params map[string]string) string {
	t.Helper()
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if name, isParam := strings.CutPrefix(s, "{"); isParam {
			name = strings.TrimSuffix(name, "}")
			v, found := params[name]
			if !found {
				t.Fatalf("%s: the matrix gives no %s", path, name)
			}
			segs[i] = v
		}
	}
	return strings.Join(segs, "/")
}

// TestAuthorizationMatrix calls every route the API serves as every kind
// of caller, on real data in DynamoDB Local, and checks the exact status
// SPEC gives: the real success status when allowed, 401, 403 or 404 when
// not. A route without a row fails, and so does a README whose copy of the
// matrix differs from the one rendered here (go test -update rewrites it).
func TestAuthorizationMatrix(t *testing.T) {
	w := newMatrixWorld(t)
	rows := w.rows()
	routes := w.e.Routes
	served := map[string]bool{}
	for _, route := range routes {
		key := route.Key()
		served[key] = true
		row, found := rows[key]
		if !found {
			t.Errorf("%s has no row in the authorization matrix", key)
			continue
		}
		for i, c := range matrixCallers {
			t.Run(key+"/"+c.heading, func(t *testing.T) {
				shot := row.shot(t)
				target := matrixTarget(t, route.Path, shot.params)
				if got, _, _ := httpapi.Match(routes, route.Method, target); got.Key() != key {
					t.Fatalf("%s %s reaches %s, not %s", route.Method, target, got.Key(), key)
				}
				res := w.e.Do(t, c.who, route.Method, target+shot.query, shot.body)
				if res.Status != row.want[i] {
					t.Fatalf("%s %s%s as %s: got %d, want %d\n%s", route.Method, target, shot.query, c.heading, res.Status, row.want[i], res.Body)
				}
				if res.Status >= 400 && shot.unchanged != nil {
					shot.unchanged(t)
				}
				if res.Status == 404 {
					sameAsMissing(t, w.e, c.who, route, shot, res)
				}
			})
		}
	}
	for key := range rows {
		if !served[key] {
			t.Errorf("the matrix has a row for %s, which the API does not serve", key)
		}
	}
	checkReadmeMatrix(t, renderMatrix(routes, rows))
}

// Stand-ins for data that does not exist, one for each path parameter that
// names a department's data.
var matrixMissing = map[string]string{"id": "01KGES92M037RE4H3H70AQTM2Z", "department": "nowhere"}

// sameAsMissing fails unless a 404 for another department's data is the
// very answer the same call gets for data that does not exist, but for the
// value asked about: it never reveals that the data is there.
func sameAsMissing(t *testing.T, e *apitest.Env, who apitest.Caller, route httpapi.Route, shot matrixShot, got apitest.Response) {
	t.Helper()
	params := map[string]string{}
	var asked, stand string
	for k, v := range shot.params {
		params[k] = v
		if m, found := matrixMissing[k]; found {
			params[k], asked, stand = m, v, m
		}
	}
	body := shot.body
	if shot.inBody != nil {
		asked, stand = shot.inBody[0], shot.inBody[1]
		body = strings.ReplaceAll(body, asked, stand)
	}
	if asked == "" {
		t.Fatalf("a 404 from %s, whose path names no department's data", route.Key())
	}
	twin := e.Do(t, who, route.Method, matrixTarget(t, route.Path, params)+shot.query, body)
	if twin.Status != got.Status || twin.Body != strings.ReplaceAll(got.Body, asked, stand) {
		t.Errorf("another department's data is told apart from missing data:\n got %d %s\nwant %d %s", got.Status, got.Body, twin.Status, twin.Body)
	}
}

// renderMatrix renders the matrix as a Markdown table, one row per route in
// route table order, one column per caller.
func renderMatrix(routes []httpapi.Route, rows map[string]matrixRow) string {
	var b strings.Builder
	b.WriteString("| route |")
	for _, c := range matrixCallers {
		b.WriteString(" " + c.heading + " |")
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(matrixCallers)) + "\n")
	for _, route := range routes {
		row, found := rows[route.Key()]
		if !found {
			continue
		}
		b.WriteString("| `" + route.Key() + "` |")
		for i, status := range row.want {
			cell := fmt.Sprint(status)
			if i == matrixOtherColumn && status == 404 {
				cell += " (other dept)"
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// The README section the matrix lives in.
const (
	matrixReadme = "../../README.md"
	matrixBegin  = "<!-- authz-matrix:begin -->"
	matrixEnd    = "<!-- authz-matrix:end -->"
	matrixAdvice = "run the test with -update (on DynamoDB Local, as the README says) to rewrite it"
)

// checkReadmeMatrix compares the table between the README's markers with
// want, or rewrites it with -update. The prose around the table is the
// README's own; only the lines starting with "|" are the matrix.
func checkReadmeMatrix(t *testing.T, want string) {
	t.Helper()
	raw, err := os.ReadFile(matrixReadme)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	begin, end := strings.Index(readme, matrixBegin), strings.Index(readme, matrixEnd)
	if begin < 0 || end < begin {
		t.Fatalf("README.md has no %s ... %s section", matrixBegin, matrixEnd)
	}
	section := readme[begin+len(matrixBegin) : end]
	got, rewritten := swapMatrixTable(section, want)
	if golden.Updating() {
		out := readme[:begin+len(matrixBegin)] + rewritten + readme[end:]
		if err := os.WriteFile(matrixReadme, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README.md's authorization matrix differs from the tested one (-want +got); %s:\n%s", matrixAdvice, diff)
	}
}

// swapMatrixTable returns the table in section (its lines starting with
// "|") and the section with that table replaced by table, or table
// appended when it has none.
func swapMatrixTable(section, table string) (found, rewritten string) {
	lines := strings.SplitAfter(section, "\n")
	first, last := -1, -1
	for i, l := range lines {
		if strings.HasPrefix(l, "|") {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return "", strings.TrimRight(section, "\n") + "\n\n" + table + "\n"
	}
	found = strings.Join(lines[first:last+1], "")
	return found, strings.Join(lines[:first], "") + table + strings.Join(lines[last+1:], "")
}
