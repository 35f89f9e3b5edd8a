package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// MaxAdjustmentText is the longest adjustment description, in characters.
const MaxAdjustmentText = 500

// maxAdjustment bounds an adjustment's size, either sign: a typo of a few
// extra digits is refused rather than posted.
var maxAdjustment = decimal.New(1, 9)

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
	if err != nil || first == nil {
		return res, err
	}
	return replayed(first), nil
}

// adjustmentLine checks the body and builds the line it posts.
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
	month, err := billing.ParseMonth(body.Month)
	switch current := billing.MonthOf(c.now, a.cfg.Location); {
	case body.Month == "":
		bad("month", "is required")
	case err != nil:
		bad("month", "must be a month written YYYY-MM, such as 2026-03")
	case current.Before(month):
		bad("month", "has not begun; adjust the current month "+current.String()+" or an earlier open one")
	}
	amount, amountProblem := decimalField("amount", body.Amount)
	switch {
	case amountProblem != nil:
		problems = append(problems, amountProblem)
	case amount == nil:
		bad("amount", "is required")
	case amount.IsZero():
		bad("amount", "may not be zero")
	case !amount.Equal(amount.Round(2)):
		bad("amount", "may have at most 2 decimals")
	case amount.Abs().GreaterThanOrEqual(maxAdjustment):
		bad("amount", "must be less than 1000000000 either way")
	}
	if strings.TrimSpace(body.Description) == "" {
		bad("description", "is required: say what the adjustment corrects (no patient information)")
	}
	problems = append(problems, request.CheckText("description", body.Description, MaxAdjustmentText))
	svc, svcFound := a.cat.Service(body.ServiceID)
	if body.ServiceID != "" && !svcFound {
		bad("service_id", "is not a service in the catalog")
	}
	if err := errs.Collect(problems...); err != nil {
		return billing.Line{}, err
	}
	if body.RequestID != "" {
		if _, err := a.store.GetRequest(ctx, body.RequestID, dept.ID); errs.KindOf(err) == errs.NotFound {
			return billing.Line{}, errs.Field("request_id", "is not a request of department %s", dept.ID)
		} else if err != nil {
			return billing.Line{}, err
		}
	}
	return billing.Line{
		ID: request.NewID(c.now) + "-adjustment", Month: month, Department: dept.ID, Kind: billing.KindAdjustment,
		RequestID: body.RequestID, ServiceID: body.ServiceID, ServiceName: svc.Name, Description: body.Description,
		Amount: *amount, PostedAt: c.now,
	}, nil
}
