package httpapi

import (
	"context"

	"chargeback/internal/billing"
)

// getPeriod reads a month's close status.
func (a *API) getPeriod(ctx context.Context, c *call) (*reply, error) {
	p, err := a.period(ctx, c)
	if err != nil {
		return nil, err
	}
	open, err := a.store.OpenInquiries(ctx, p.Month)
	if err != nil {
		return nil, err
	}
	out := toPeriodJSON(p)
	out.InquiriesOpen = &open
	return ok(out)
}

// period reads the close status of the {month} path parameter.
func (a *API) period(ctx context.Context, c *call) (billing.Period, error) {
	m, err := a.monthParam(c)
	if err != nil {
		return billing.Period{}, err
	}
	return a.store.Period(ctx, m)
}

// closePeriod closes a month that is over, or finishes a close that was
// interrupted; a closed month is answered unchanged.
func (a *API) closePeriod(ctx context.Context, c *call) (*reply, error) {
	var body struct {
		CarryOpenInquiries bool `json:"carry_open_inquiries"`
	}
	if err := c.decodeOptional(&body); err != nil {
		return nil, err
	}
	m, err := a.monthParam(c)
	if err != nil {
		return nil, err
	}
	p, err := a.store.CloseReviewed(ctx, m, c.who.Subject, c.now, a.org(), body.CarryOpenInquiries)
	if err != nil {
		return nil, err
	}
	return ok(toPeriodJSON(p))
}
