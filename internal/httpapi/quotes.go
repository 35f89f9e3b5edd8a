package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// quoteBody is the body of POST /v1/quotes: a create's without the note.
type quoteBody struct {
	ServiceID  string          `json:"service_id"`
	Quantity   json.RawMessage `json:"quantity"`
	Department string          `json:"department"`
}

// quoteJSON is what a create would answer for price and SLA, and what it
// would do to the department's budget (null without one).
type quoteJSON struct {
	ServiceID       string            `json:"service_id"`
	ServiceName     string            `json:"service_name"`
	Department      string            `json:"department"`
	Pricing         string            `json:"pricing"`
	Quantity        string            `json:"quantity"`
	Unit            string            `json:"unit"`
	QuotedUnitPrice string            `json:"quoted_unit_price"`
	EstimatedCharge string            `json:"estimated_charge"`
	Currency        string            `json:"currency"`
	SLADueAt        string            `json:"sla_due_at"`
	Approval        string            `json:"approval"`
	Status          string            `json:"status"`
	Budget          *budgetImpactJSON `json:"budget"`
}

// createQuote answers what filing the request would cost and do to the
// budget, by the very rules a create follows, and writes nothing.
func (a *API) createQuote(ctx context.Context, c *call) (*reply, error) {
	var body quoteBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	dept, deptProblem, err := a.requestDepartment(c, body.Department)
	if err != nil {
		return nil, err
	}
	qty, qProblem := decimalField("quantity", body.Quantity)
	draft := request.Draft{
		ServiceID: body.ServiceID, Department: dept, Quantity: qty, By: c.who.Subject,
		Problems: []*errs.FieldError{deptProblem, qProblem},
	}
	r, err := request.New(request.NewID(c.now), draft, a.cat, c.now, a.cfg.Location)
	if err != nil {
		return nil, err
	}
	impact, _, err := a.budgetImpact(ctx, r, c.now)
	if err != nil {
		return nil, err
	}
	svc, _ := a.cat.Service(r.ServiceID)
	out := quoteJSON{
		ServiceID: r.ServiceID, ServiceName: r.ServiceName, Department: r.Department, Pricing: string(r.Pricing),
		Quantity: r.Quantity.String(), Unit: r.Unit, QuotedUnitPrice: r.QuotedUnitPrice.StringFixed(2),
		EstimatedCharge: r.EstimatedCharge.StringFixed(2), Currency: a.cfg.Currency, SLADueAt: timestamp(r.SLADueAt),
		Approval: string(svc.Approval), Status: string(r.Status),
	}
	if impact != nil {
		out.Budget = toImpactJSON(*impact)
	}
	return jsonReply(http.StatusOK, out)
}
