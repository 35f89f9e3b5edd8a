package httpapi

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// forecastJSON is a department's fiscal year as the budget routes show
// it: the budget (null when finance has set none) and the forecast's
// figures, which a department without a budget gets too (remaining,
// used_percent and status are then null).
type forecastJSON struct {
	Year        string           `json:"year"`
	Department  string           `json:"department"`
	Budget      *budgetJSON      `json:"budget"`
	Currency    string           `json:"currency"`
	Actual      string           `json:"actual"`
	Committed   string           `json:"committed"`
	Commitments []commitmentJSON `json:"commitments"`
	Recurring   string           `json:"recurring"`
	Forecast    string           `json:"forecast"`
	Remaining   *string          `json:"remaining"`
	UsedPercent *string          `json:"used_percent"`
	Status      *string          `json:"status"`
	// AsOf is the current month the forecast looks forward from.
	AsOf string `json:"as_of"`
}

type commitmentJSON struct {
	RequestID string `json:"request_id"`
	ServiceID string `json:"service_id"`
	Status    string `json:"status"`
	Amount    string `json:"amount"`
}

// budgetImpactJSON is the budget block of a quote and of a created
// request: the department's current fiscal year before and after it.
type budgetImpactJSON struct {
	Year             string `json:"year"`
	RemainingBefore  string `json:"remaining_before"`
	RemainingAfter   string `json:"remaining_after"`
	UsedPercentAfter string `json:"used_percent_after"`
	StatusAfter      string `json:"status_after"`
}

func money(d decimal.Decimal) string { return billing.Round2(d).StringFixed(2) }

func (a *API) toForecastJSON(f billing.Forecast, current billing.Month) forecastJSON {
	out := forecastJSON{
		Year: f.Year.String(), Department: f.Department, Budget: toBudgetJSON(f.Budget), Currency: a.cfg.Currency,
		Actual: money(f.Actual), Committed: money(f.Committed), Recurring: money(f.Recurring), Forecast: money(f.Total),
		Commitments: []commitmentJSON{}, AsOf: current.String(),
	}
	for _, c := range f.Commitments {
		out.Commitments = append(out.Commitments, commitmentJSON{RequestID: c.RequestID, ServiceID: c.ServiceID, Status: c.Status, Amount: money(c.Amount)})
	}
	if f.Budget != nil {
		remaining, used, status := money(*f.Remaining), f.UsedPercent.StringFixed(1), string(f.Status)
		out.Remaining, out.UsedPercent, out.Status = &remaining, &used, &status
	}
	return out
}

func toImpactJSON(i billing.Impact) *budgetImpactJSON {
	return &budgetImpactJSON{
		Year: i.Year.String(), RemainingBefore: money(i.RemainingBefore), RemainingAfter: money(i.RemainingAfter),
		UsedPercentAfter: i.UsedPercentAfter.StringFixed(1), StatusAfter: string(i.StatusAfter),
	}
}

// currentForecast is a department's forecast for the fiscal year holding
// now; nil when the department has no budget for it.
func (a *API) currentForecast(ctx context.Context, dept string, now time.Time) (*billing.Forecast, error) {
	y := billing.FiscalYearAt(now, a.cfg.FiscalYearStart, a.cfg.Location)
	b, err := a.store.Budget(ctx, y, dept)
	if err != nil || b == nil {
		return nil, err
	}
	d, _ := a.cat.Department(dept)
	fs, err := a.store.Forecasts(ctx, y, []catalog.Department{d}, a.org(), now)
	if err != nil {
		return nil, err
	}
	return &fs[0], nil
}

// budgetImpact is what request r, not yet filed, does to its department's
// budget for the current fiscal year, and the forecast once it is filed;
// nils without a budget.
func (a *API) budgetImpact(ctx context.Context, r *request.Request, now time.Time) (*billing.Impact, *billing.Forecast, error) {
	f, err := a.currentForecast(ctx, r.Department, now)
	if err != nil || f == nil {
		return nil, nil, err
	}
	amount := a.commitmentOf(r, f.Year, now)
	impact, after := billing.ImpactOf(*f, amount), f.Plus(amount)
	return &impact, &after, nil
}

// commitmentOf is what open request r commits in fiscal year y.
func (a *API) commitmentOf(r *request.Request, y billing.FiscalYear, now time.Time) decimal.Decimal {
	return billing.CommitmentFor(r.EstimatedCharge, r.Pricing == catalog.Monthly, y, billing.MonthOf(now, a.cfg.Location))
}

// noteCrossingsAfterCreate records the thresholds the department's
// forecast, read again once new request r is written, has reached. The
// open-request index the forecast finds r by may not show it yet (in AWS
// a global secondary index is read eventually consistent), so r is counted
// when it is missing; other requests written a moment before may be
// missing too, and the next change of the department records what they
// cross.
func (a *API) noteCrossingsAfterCreate(ctx context.Context, r *request.Request, now time.Time) {
	f, err := a.currentForecast(ctx, r.Department, now)
	switch {
	case err != nil:
		a.warnUnchecked(ctx, r.Department, err)
	case f == nil:
	case slices.ContainsFunc(f.Commitments, func(c billing.Commitment) bool { return c.RequestID == r.ID }):
		a.noteCrossings(ctx, r.Department, f, now)
	default:
		g := f.Plus(a.commitmentOf(r, f.Year, now))
		a.noteCrossings(ctx, r.Department, &g, now)
	}
}

// noteCrossings records the budget thresholds forecast f has reached
// (nil: read the department's current forecast first) after a change that
// may have raised it. The change is done by then: a failure here is logged
// and the next change records the crossing instead.
func (a *API) noteCrossings(ctx context.Context, dept string, f *billing.Forecast, now time.Time) {
	var err error
	if f == nil {
		f, err = a.currentForecast(ctx, dept, now)
	}
	if err == nil && f != nil {
		_, err = a.store.RecordCrossings(ctx, *f, now)
	}
	if err != nil {
		a.warnUnchecked(ctx, dept, err)
	}
}

// warnUnchecked logs that a department's thresholds could not be checked.
func (a *API) warnUnchecked(ctx context.Context, dept string, err error) {
	a.log.LogAttrs(ctx, slog.LevelWarn, "budget thresholds not checked", slog.String("department", dept), slog.String("error", err.Error()))
}
