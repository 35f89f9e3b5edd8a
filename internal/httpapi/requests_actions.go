package httpapi

import (
	"context"
	"encoding/json"

	"chargeback/internal/billing"
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
	return a.change(ctx, c, func(r *request.Request) error {
		return r.Update(qty, body.Note, c.who.Subject, c.now)
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
		return a.change(ctx, c, func(r *request.Request) error {
			return r.Act(action, c.who.Subject, body.Reason, c.now)
		})
	}
}

// fulfillRequest records delivery and posts what it charges.
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
	return a.post(ctx, c, func(r *request.Request) (billing.Posting, error) {
		return r.Fulfill(qty, at, c.who.Subject, c.now, a.cfg.Location)
	})
}

// endRequest stops a monthly subscription.
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
	return a.post(ctx, c, func(r *request.Request) (billing.Posting, error) {
		return r.End(at, c.who.Subject, c.now, a.cfg.Location)
	})
}
