package httpapi

import (
	"context"
	"strconv"
	"strings"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// priceJSON is one effective-dated price.
type priceJSON struct {
	Effective string `json:"effective"`
	UnitPrice string `json:"unit_price"`
}

// serviceJSON is a catalog service as the API shows it.
type serviceJSON struct {
	ID               string      `json:"id"`
	Name             string      `json:"name"`
	Category         string      `json:"category"`
	Description      string      `json:"description"`
	Owner            string      `json:"owner"`
	Unit             string      `json:"unit"`
	Pricing          string      `json:"pricing"`
	Currency         string      `json:"currency"`
	CurrentPrice     *priceJSON  `json:"current_price"`
	Prices           []priceJSON `json:"prices,omitempty"`
	SLAHours         int         `json:"sla_hours"`
	SLACreditPercent string      `json:"sla_credit_percent"`
	Approval         string      `json:"approval"`
	Active           bool        `json:"active"`
}

// departmentJSON is a department as the API shows it.
type departmentJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	CostCenter string `json:"cost_center"`
	Active     bool   `json:"active"`
}

// health answers the unauthenticated liveness check.
func (a *API) health(context.Context, *call) (*reply, error) {
	return ok(map[string]string{"status": "ok"})
}

// listServices lists active services, optionally by category or with the
// retired ones.
func (a *API) listServices(_ context.Context, c *call) (*reply, error) {
	retired := c.query("include_retired")
	if retired != "" && retired != "true" && retired != "false" {
		return nil, badQuery("include_retired", "must be true or false")
	}
	asCSV, err := wantsCSV(c)
	if err != nil {
		return nil, err
	}
	category := c.query("category")
	items := []serviceJSON{}
	for _, s := range a.cat.Services() {
		if (s.Active || retired == "true") && (category == "" || strings.EqualFold(s.Category, category)) {
			items = append(items, a.serviceJSON(s, c, false))
		}
	}
	if asCSV {
		return servicesCSV(items), nil
	}
	page, err := pageSlice(c, items)
	if err != nil {
		return nil, err
	}
	return ok(page)
}

// servicesCSV is the price list as a CSV download, for finance's
// spreadsheets.
func servicesCSV(items []serviceJSON) *reply {
	header := []string{"id", "name", "category", "owner", "unit", "pricing", "currency", "unit_price", "price_effective", "sla_hours", "sla_credit_percent", "approval", "active"}
	rows := make([][]string, len(items))
	for i, s := range items {
		price, effective := "", ""
		if s.CurrentPrice != nil {
			price, effective = s.CurrentPrice.UnitPrice, s.CurrentPrice.Effective
		}
		rows[i] = []string{s.ID, billing.SafeCell(s.Name), billing.SafeCell(s.Category), billing.SafeCell(s.Owner), s.Unit, s.Pricing, s.Currency, price, effective,
			strconv.Itoa(s.SLAHours), s.SLACreditPercent, s.Approval, strconv.FormatBool(s.Active)}
	}
	return csvTable("services.csv", header, rows)
}

// getService shows one service, retired or not, with its price history.
func (a *API) getService(_ context.Context, c *call) (*reply, error) {
	s, found := a.cat.Service(c.param("id"))
	if !found {
		return nil, errs.New(errs.NotFound, "no such service")
	}
	return ok(a.serviceJSON(s, c, true))
}

// listDepartments lists every department, active or not.
func (a *API) listDepartments(_ context.Context, c *call) (*reply, error) {
	items := []departmentJSON{}
	for _, d := range a.cat.Departments() {
		items = append(items, departmentJSON{ID: d.ID, Name: d.Name, CostCenter: d.CostCenter, Active: d.Active})
	}
	page, err := pageSlice(c, items)
	if err != nil {
		return nil, err
	}
	return ok(page)
}

// serviceJSON shows a service with the price effective today in the org's
// time zone, and with every price when withPrices is set.
func (a *API) serviceJSON(s catalog.Service, c *call, withPrices bool) serviceJSON {
	out := serviceJSON{
		ID: s.ID, Name: s.Name, Category: s.Category, Description: s.Description,
		Owner: s.Owner, Unit: s.Unit, Pricing: string(s.Pricing), Currency: a.cfg.Currency,
		SLAHours: s.SLAHours, SLACreditPercent: s.SLACreditPercent.String(),
		Approval: string(s.Approval), Active: s.Active,
	}
	if p, found := s.CurrentPrice(billing.Day(c.now, a.cfg.Location)); found {
		out.CurrentPrice = &priceJSON{Effective: p.Effective, UnitPrice: p.UnitPrice.StringFixed(2)}
	}
	if withPrices {
		out.Prices = make([]priceJSON, len(s.Prices))
		for i, p := range s.Prices {
			out.Prices[i] = priceJSON{Effective: p.Effective, UnitPrice: p.UnitPrice.StringFixed(2)}
		}
	}
	return out
}
