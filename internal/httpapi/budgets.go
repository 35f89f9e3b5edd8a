package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// budgetBody is the body of PUT /v1/budgets/{year}/{department}.
type budgetBody struct {
	Amount     json.RawMessage `json:"amount"`
	Thresholds json.RawMessage `json:"thresholds"`
}

// budgetJSON is a budget as the API shows it.
type budgetJSON struct {
	Year       string `json:"year"`
	Department string `json:"department"`
	Amount     string `json:"amount"`
	Thresholds []int  `json:"thresholds"`
	Version    int    `json:"version"`
	UpdatedAt  string `json:"updated_at"`
	UpdatedBy  string `json:"updated_by"`
}

// yearBudgetsJSON is every catalog department's year: budget and
// forecast.
type yearBudgetsJSON struct {
	Year  string         `json:"year"`
	Items []forecastJSON `json:"items"`
}

func toBudgetJSON(b *billing.Budget) *budgetJSON {
	if b == nil {
		return nil
	}
	return &budgetJSON{
		Year: b.Year.String(), Department: b.Department, Amount: billing.Round2(b.Amount).StringFixed(2),
		Thresholds: b.Thresholds, Version: b.Version, UpdatedAt: timestamp(b.UpdatedAt), UpdatedBy: b.UpdatedBy,
	}
}

// yearParam reads the {year} path parameter: a fiscal year "YYYY".
func (a *API) yearParam(c *call) (billing.FiscalYear, error) {
	y, err := billing.ParseFiscalYear(c.param("year"), a.cfg.FiscalYearStart)
	if err != nil {
		return y, errs.Field("year", "must be a fiscal year written YYYY (2000 to 2999), such as 2027: the calendar year it ends in")
	}
	return y, nil
}

// putBudget sets a department's budget for a fiscal year: 201 when it is
// the first, 200 when it replaces one. An If-Match naming another version
// than the stored one is 409 (see budgetMatches).
func (a *API) putBudget(ctx context.Context, c *call) (*reply, error) {
	y, err := a.yearParam(c)
	if err != nil {
		return nil, err
	}
	dept, err := a.departmentParam(c)
	if err != nil {
		return nil, err
	}
	var body budgetBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	amount, amountProblem := decimalField("amount", body.Amount)
	if amountProblem == nil {
		amountProblem = billing.CheckBudgetAmount(amount)
	}
	thresholds, thresholdsProblem := thresholdsField(body.Thresholds)
	if err := errs.Collect(amountProblem, thresholdsProblem); err != nil {
		return nil, err
	}
	ifMatch := c.header("If-Match")
	b, created, err := a.store.SetBudget(ctx, y, dept.ID, func(cur *billing.Budget) (billing.Budget, error) {
		if ifMatch != "" && !budgetMatches(ifMatch, cur) {
			current := 0
			if cur != nil {
				current = cur.Version
			}
			e := errs.New(errs.Conflict, "the budget is at version %d, not %s", current, ifMatch).WithCode("version_mismatch")
			e.Extra = map[string]any{"current_version": current}
			return billing.Budget{}, e
		}
		return billing.Budget{Amount: billing.Round2(*amount), Thresholds: thresholds, UpdatedAt: c.now, UpdatedBy: c.who.Subject}, nil
	})
	if err != nil {
		return nil, err
	}
	if y == billing.FiscalYearAt(c.now, a.cfg.FiscalYearStart, a.cfg.Location) {
		a.noteCrossings(ctx, dept.ID, nil, c.now)
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	res, err := jsonReply(status, toBudgetJSON(&b))
	if err != nil {
		return nil, err
	}
	return res.header("ETag", etag(b.Version)), nil
}

// thresholdsField reads the thresholds: whole numbers, checked by
// billing.CheckThresholds; the default when absent or null.
func thresholdsField(raw json.RawMessage) ([]int, *errs.FieldError) {
	if s := strings.TrimSpace(string(raw)); s == "" || s == "null" {
		return billing.DefaultThresholds(), nil
	}
	notWhole := &errs.FieldError{Field: "thresholds", Message: "must be a list of whole percentages, such as [80, 100]"}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, notWhole
	}
	out := make([]int, len(items))
	for i, it := range items {
		n, err := strconv.Atoi(string(it))
		if err != nil {
			return nil, notWhole
		}
		out[i] = n
	}
	return out, billing.CheckThresholds(out)
}

// getBudget answers a department's budget for a fiscal year (null when it
// has none) and the year's forecast.
func (a *API) getBudget(ctx context.Context, c *call) (*reply, error) {
	y, err := a.yearParam(c)
	if err != nil {
		return nil, err
	}
	dept, err := a.departmentParam(c)
	if err != nil {
		return nil, err
	}
	fs, err := a.store.Forecasts(ctx, y, []catalog.Department{dept}, a.org(), c.now)
	if err != nil {
		return nil, err
	}
	return ok(a.toForecastJSON(fs[0], billing.MonthOf(c.now, a.cfg.Location)))
}

// listBudgets answers every catalog department's budget and forecast for
// a fiscal year, in the catalog's order, budget null for a department
// without one.
func (a *API) listBudgets(ctx context.Context, c *call) (*reply, error) {
	y, err := a.yearParam(c)
	if err != nil {
		return nil, err
	}
	fs, err := a.store.Forecasts(ctx, y, a.cat.Departments(), a.org(), c.now)
	if err != nil {
		return nil, err
	}
	out := yearBudgetsJSON{Year: y.String(), Items: []forecastJSON{}}
	current := billing.MonthOf(c.now, a.cfg.Location)
	for _, f := range fs {
		out.Items = append(out.Items, a.toForecastJSON(f, current))
	}
	return ok(out)
}

// budgetMatches reports whether an If-Match value names the stored
// budget's version. Version "0", the current_version a 409 reports when
// there is none, names "no budget yet", so that of two first saves only
// one lands; "*" names any stored budget, so it never matches none.
func budgetMatches(ifMatch string, cur *billing.Budget) bool {
	if cur != nil {
		return matchesVersion(ifMatch, cur.Version)
	}
	return slices.Contains(ifMatchValues(ifMatch), "0")
}
