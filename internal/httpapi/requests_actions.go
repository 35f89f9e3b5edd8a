package httpapi

import (
	"context"
	"encoding/json"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// patchRequest changes the quantity or note before work starts.
func (a *API) patchRequest(ctx context.Context, c *call) (*reply, error) {
	var body struct {
		Quantity json.RawMessage `json:"quantity"`
		Note     *string         `json:"note"`
	}
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	qty, qErr := decimalField("quantity", body.Quantity)
	if err := errs.Collect(qErr); err != nil {
		return nil, err
	}
	return a.mutate(ctx, c, ownDepartmentOnly, func(s *dynamo.Stored) ([]billing.Line, string, error) {
		return nil, "", s.Update(qty, body.Note, c.who.Subject, c.now)
	})
}

// actWithReason serves cancel, approve, reject and start, whose bodies
// carry at most a reason.
func (a *API) actWithReason(action request.Action) func(context.Context, *call) (*reply, error) {
	return func(ctx context.Context, c *call) (*reply, error) {
		var body struct {
			Reason string `json:"reason"`
		}
		if err := c.decodeOptional(&body); err != nil {
			return nil, err
		}
		return a.mutate(ctx, c, changeAnyDepartment, func(s *dynamo.Stored) ([]billing.Line, string, error) {
			return nil, "", s.Act(action, c.who.Subject, body.Reason, c.now)
		})
	}
}

// fulfillRequest records delivery and posts the charge (with any SLA
// credit) into the month of fulfilment, which must be open.
func (a *API) fulfillRequest(ctx context.Context, c *call) (*reply, error) {
	var body struct {
		Quantity    json.RawMessage `json:"quantity"`
		FulfilledAt string          `json:"fulfilled_at"`
	}
	if err := c.decodeOptional(&body); err != nil {
		return nil, err
	}
	qty, qErr := decimalField("quantity", body.Quantity)
	at, tErr := timeField("fulfilled_at", body.FulfilledAt)
	if err := errs.Collect(qErr, tErr); err != nil {
		return nil, err
	}
	return a.mutate(ctx, c, changeAnyDepartment, func(s *dynamo.Stored) ([]billing.Line, string, error) {
		if err := s.Fulfill(qty, at, c.who.Subject, c.now); err != nil {
			return nil, "", err
		}
		month := a.month(s.FulfilledAt)
		if s.Pricing == catalog.Monthly {
			// Recurring lines are posted when each month closes.
			return nil, month, nil
		}
		return billing.ChargeLines(billing.Fulfilment{
			RequestID: s.ID, Department: s.Department, ServiceID: s.ServiceID, ServiceName: s.ServiceName,
			Unit: s.Unit, Quantity: s.ChargedQuantity(), UnitPrice: s.QuotedUnitPrice,
			CreatedAt: s.CreatedAt, FulfilledAt: s.FulfilledAt, SLAHours: s.SLAHours, CreditPercent: s.SLACreditPercent,
		}, a.cfg.Location), month, nil
	})
}

// endRequest stops a monthly subscription; its month must be open.
func (a *API) endRequest(ctx context.Context, c *call) (*reply, error) {
	var body struct {
		EndedAt string `json:"ended_at"`
	}
	if err := c.decodeOptional(&body); err != nil {
		return nil, err
	}
	at, tErr := timeField("ended_at", body.EndedAt)
	if err := errs.Collect(tErr); err != nil {
		return nil, err
	}
	return a.mutate(ctx, c, changeAnyDepartment, func(s *dynamo.Stored) ([]billing.Line, string, error) {
		if err := s.End(at, c.who.Subject, c.now); err != nil {
			return nil, "", err
		}
		return nil, a.month(s.EndedAt), nil
	})
}
