package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// adjustmentBody is the body of POST /v1/adjustments.
type adjustmentBody struct {
	Department  string          `json:"department"`
	Month       string          `json:"month"`
	Amount      json.RawMessage `json:"amount"`
	Description string          `json:"description"`
	ServiceID   string          `json:"service_id"`
	RequestID   string          `json:"request_id"`
}

// createAdjustment posts finance's correction as an adjustment line into an
// open month that has begun. With an Idempotency-Key, a retry with the
// same body gets the first response again.
func (a *API) createAdjustment(ctx context.Context, c *call) (*reply, error) {
	var body adjustmentBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	l, err := a.adjustmentLine(ctx, c, body)
	if err != nil {
		return nil, err
	}
	dept, _ := a.cat.Department(l.Department)
	res, err := jsonReply(http.StatusCreated, toLineJSON(l.Month, dept.CostCenter, l))
	if err != nil {
		return nil, err
	}
	res.header("Location", "/v1/statements/"+l.Month.String()+"/"+l.Department)
	parts := []string{l.Department, l.Month.String(), l.Amount.String(), l.Description, l.ServiceID, l.RequestID}
	once, err := idempotency.New("POST /v1/adjustments", c.who.Subject, c.header("Idempotency-Key"), parts, res.stored(), c.now)
	if err != nil {
		return nil, err
	}
	first, err := a.store.PostLine(ctx, l, once)
	if err != nil || first != nil {
		if first != nil {
			return replayed(first), nil
		}
		return nil, err
	}
	a.noteCrossings(ctx, l.Department, nil, c.now)
	return res, nil
}

// adjustmentLine checks the body and builds the line it posts, with the
// rules of billing.Adjustment and the free-text rules of request.
func (a *API) adjustmentLine(ctx context.Context, c *call, body adjustmentBody) (billing.Line, error) {
	var problems []*errs.FieldError
	bad := func(field, msg string) { problems = append(problems, &errs.FieldError{Field: field, Message: msg}) }

	dept, deptFound := a.cat.Department(body.Department)
	switch {
	case body.Department == "":
		bad("department", "is required")
	case !deptFound:
		bad("department", "is not a department in the catalog")
	}
	month, monthProblem := monthField("month", body.Month, c.now, a.cfg.Location)
	problems = append(problems, monthProblem)
	amount, amountProblem := decimalField("amount", body.Amount)
	if amountProblem == nil {
		amountProblem = billing.CheckAdjustmentAmount(amount)
	}
	problems = append(problems, amountProblem,
		request.CheckRequiredText("description", body.Description, billing.MaxAdjustmentText, "is required: say what the adjustment corrects (no patient information)"))
	if _, found := a.cat.Service(body.ServiceID); body.ServiceID != "" && !found {
		bad("service_id", "is not a service in the catalog")
	}
	if err := errs.Collect(problems...); err != nil {
		return billing.Line{}, err
	}
	serviceID := body.ServiceID
	if body.RequestID != "" {
		r, err := a.store.GetRequest(ctx, body.RequestID, dept.ID)
		if errs.KindOf(err) == errs.NotFound {
			return billing.Line{}, errs.Field("request_id", "is not a request of department %s", dept.ID)
		} else if err != nil {
			return billing.Line{}, err
		}
		var mismatch *errs.FieldError
		if serviceID, mismatch = billing.AdjustmentService(body.ServiceID, r.ServiceID); mismatch != nil {
			return billing.Line{}, errs.Collect(mismatch)
		}
	}
	svc, _ := a.cat.Service(serviceID)
	adj := billing.Adjustment{
		Department: dept.ID, Month: month, Amount: *amount, Description: body.Description,
		ServiceID: serviceID, ServiceName: svc.Name, RequestID: body.RequestID,
	}
	return adj.Line(request.NewID(c.now), c.now), nil
}
