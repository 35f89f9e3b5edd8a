package local

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
)

// sampleRequests are the requests `make run` files on an empty table, each
// with the lifecycle steps a fulfiller then takes, so that every role has
// something to look at.
var sampleRequests = []struct {
	department, body string
	steps            []string // "action" or "action body"; IT acts, the department answers the survey
}{
	{"radiology", `{"service_id": "pacs-viewer-licence", "quantity": 4, "note": "new reading room"}`, []string{"approve", "fulfill", `survey {"score": 5, "comment": "Seats ready before the room opened."}`}},
	{"radiology", `{"service_id": "label-wristband-printer", "quantity": 2}`, nil},
	{"pharmacy", `{"service_id": "barcode-scanner", "quantity": 3}`, []string{"fulfill", `survey {"score": 3}`}},
	{"pharmacy", `{"service_id": "vpn-access", "quantity": 5}`, nil},
	{"emergency", `{"service_id": "after-hours-support", "quantity": 2}`, []string{`fulfill {"quantity": 3.5}`}},
	{"laboratory", `{"service_id": "data-extract", "quantity": 1, "note": "monthly turnaround report"}`, []string{"approve", "start"}},
	{"radiology", `{"service_id": "report-development", "quantity": 6, "note": "reading-room turnaround report"}`, []string{"approve", "start"}},
	{"nursing", `{"service_id": "ehr-user-account", "quantity": 10}`, []string{`reject {"reason": "use the onboarding bundle instead"}`}},
}

// Sample is a sample request the README's walk-through acts on, exported
// by `make run` as a shell variable.
type Sample struct {
	Var  string // the shell variable its id is exported as
	What string // what it is, and what the walk-through does with it
	ID   string // "" when the table holds none in that state
}

// samples are the sample requests the README's walk-through acts on, each
// with the list query that finds it (the newest that matches), so that
// `make run` finds them on saved data too, as long as they are still in
// the state the walk-through needs.
var samples = []struct {
	Sample
	query string
}{
	{Sample{Var: "HOURLY_ID", What: "Radiology's report development (hourly), in progress: fulfil it with the hours worked"},
		"department=radiology&service=report-development&status=in_progress"},
	{Sample{Var: "SUB_ID", What: "Radiology's PACS viewer licences (monthly), a running subscription: end it"},
		"department=radiology&service=pacs-viewer-licence&status=fulfilled"},
}

// sampleAdjustments are finance's corrections `make run` posts into the
// previous month before closing it, so that a closed month, its frozen
// statements and its journal are there to read.
var sampleAdjustments = []string{
	`{"department": "radiology", "amount": "250.00", "description": "PACS licences carried over from the spreadsheet", "service_id": "pacs-viewer-licence"}`,
	`{"department": "pharmacy", "amount": "180.40", "description": "Barcode scanners delivered before go-live", "service_id": "barcode-scanner"}`,
	`{"department": "pharmacy", "amount": "-40.00", "description": "Goodwill credit for the January outage"}`,
}

// sampleBudgets are the budgets finance sets for the current fiscal year,
// so that the portal's budget screens show each state: a department well
// within its budget, one past its first threshold, one over. The sample's
// forecast depends on the date (a running subscription's months still to
// come), so each amount is set from the department's forecast once the
// sample requests are filed: the forecast divided by share, rounded
// (down for over, to the nearest otherwise) to a multiple of step.
var sampleBudgets = []struct {
	department string
	share      string // forecast ÷ budget, aimed at
	step       int64
	thresholds string // JSON; "" for the default [80, 100]
	want       billing.BudgetStatus
}{
	{"radiology", "0.6", 100, "", billing.BudgetOK},
	{"pharmacy", "0.8", 50, "[75, 90, 100]", billing.BudgetWarning},
	{"emergency", "1.25", 50, "", billing.BudgetOver},
}

// Seed files the sample requests through the gateway, exactly as a client
// would, unless requests already exist; then, as finance, posts the sample
// adjustments into the month before `current` and closes it, and sets the
// sample budgets for the fiscal year (beginning in month fiscalStart) that
// holds current. It returns how many requests it filed.
func (g *Gateway) Seed(secret string, current billing.Month, fiscalStart time.Month) (int, error) {
	it, err := seedFulfiller(secret)
	if err != nil {
		return 0, err
	}
	var existing struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := g.send(it, "GET", "/v1/requests?limit=1", "", http.StatusOK, &existing); err != nil || len(existing.Items) > 0 {
		return 0, err
	}
	for _, s := range sampleRequests {
		head, err := Sign(secret, map[string]any{"sub": "seed." + s.department, "groups": []string{"requester"}, "department": s.department})
		if err != nil {
			return 0, err
		}
		var created struct {
			ID string `json:"id"`
		}
		if err := g.send(head, "POST", "/v1/requests", s.body, http.StatusCreated, &created); err != nil {
			return 0, err
		}
		for _, step := range s.steps {
			action, body, _ := strings.Cut(step, " ")
			who, want := it, http.StatusOK
			if action == "survey" {
				who, want = head, http.StatusCreated
			}
			if err := g.send(who, "POST", "/v1/requests/"+created.ID+"/"+action, body, want, nil); err != nil {
				return 0, err
			}
		}
	}
	if err := g.seedClosedMonth(secret, current.Prev()); err != nil {
		return 0, err
	}
	return len(sampleRequests), g.seedBudgets(secret, billing.FiscalYearOf(current, fiscalStart))
}

// Samples finds the sample requests the walk-through acts on, as the table
// now stands; a sample no longer in the state the walk-through needs has
// no ID.
func (g *Gateway) Samples(secret string) ([]Sample, error) {
	it, err := seedFulfiller(secret)
	if err != nil {
		return nil, err
	}
	out := make([]Sample, len(samples))
	for i, s := range samples {
		var found struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
		}
		if err := g.send(it, "GET", "/v1/requests?limit=1&"+s.query, "", http.StatusOK, &found); err != nil {
			return nil, err
		}
		out[i] = s.Sample
		if len(found.Items) > 0 {
			out[i].ID = found.Items[0].ID
		}
	}
	return out, nil
}

// seedFulfiller signs the token the seed acts as IT with.
func seedFulfiller(secret string) (string, error) {
	return Sign(secret, map[string]any{"sub": "seed.it", "groups": []string{"fulfiller"}})
}

// seedClosedMonth posts the sample adjustments into m and closes it.
func (g *Gateway) seedClosedMonth(secret string, m billing.Month) error {
	fin, err := Sign(secret, map[string]any{"sub": "seed.finance", "groups": []string{"finance"}})
	if err != nil {
		return err
	}
	for _, body := range sampleAdjustments {
		body = strings.Replace(body, "{", `{"month": "`+m.String()+`", `, 1)
		if err := g.send(fin, "POST", "/v1/adjustments", body, http.StatusCreated, nil); err != nil {
			return err
		}
	}
	return g.send(fin, "POST", "/v1/periods/"+m.String()+"/close", "", http.StatusOK, nil)
}

// seedBudgets sets the sample budgets for fiscal year y from each
// department's forecast, as finance.
func (g *Gateway) seedBudgets(secret string, y billing.FiscalYear) error {
	fin, err := Sign(secret, map[string]any{"sub": "seed.finance", "groups": []string{"finance"}})
	if err != nil {
		return err
	}
	for _, b := range sampleBudgets {
		path := "/v1/budgets/" + y.String() + "/" + b.department
		var figures struct {
			Forecast string `json:"forecast"`
		}
		if err := g.send(fin, "GET", path, "", http.StatusOK, &figures); err != nil {
			return err
		}
		amount := sampleBudgetAmount(decimal.RequireFromString(figures.Forecast), decimal.RequireFromString(b.share), b.step, b.want == billing.BudgetOver)
		body := fmt.Sprintf(`{"amount": "%s"}`, amount.StringFixed(2))
		if b.thresholds != "" {
			body = fmt.Sprintf(`{"amount": "%s", "thresholds": %s}`, amount.StringFixed(2), b.thresholds)
		}
		if err := g.send(fin, "PUT", path, body, http.StatusCreated, nil); err != nil {
			return err
		}
	}
	return nil
}

// sampleBudgetAmount is forecast ÷ share rounded to a multiple of step
// (down when down, else to the nearest), and at least one step.
func sampleBudgetAmount(forecast, share decimal.Decimal, step int64, down bool) decimal.Decimal {
	steps := forecast.Div(share).Div(decimal.NewFromInt(step))
	if down {
		steps = steps.Floor()
	} else {
		steps = steps.Round(0)
	}
	if steps.LessThan(decimal.NewFromInt(1)) {
		steps = decimal.NewFromInt(1)
	}
	return steps.Mul(decimal.NewFromInt(step))
}

// send serves one request through the gateway and decodes the answer.
func (g *Gateway) send(token, method, target, body string, want int, out any) error {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	g.ServeHTTP(rec, req)
	if rec.Code != want {
		return fmt.Errorf("seed: %s %s: got %d, want %d: %s", method, target, rec.Code, want, rec.Body.String())
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(rec.Body.Bytes(), out)
}
