package httpapi

import (
	"context"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// SchedulerPrincipal is who the scheduled close records as having closed a
// month.
const SchedulerPrincipal = "scheduler"

// getPeriod reads a month's close status.
func (a *API) getPeriod(ctx context.Context, c *call) (*reply, error) {
	p, err := a.period(ctx, c)
	if err != nil {
		return nil, err
	}
	return ok(toPeriodJSON(p))
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
	if err := c.decodeOptional(&struct{}{}); err != nil {
		return nil, err
	}
	m, err := a.monthParam(c)
	if err != nil {
		return nil, err
	}
	p, err := a.closeMonth(ctx, m, c.who.Subject, c.now)
	if err != nil {
		return nil, err
	}
	return ok(toPeriodJSON(p))
}

// closeMonth closes m once it is over in the org's time zone.
func (a *API) closeMonth(ctx context.Context, m billing.Month, by string, now time.Time) (billing.Period, error) {
	if end := m.End(a.cfg.Location); now.Before(end) {
		e := errs.New(errs.Conflict, "month %s is not over until %s", m, timestamp(end)).WithCode("period_not_over")
		e.Extra = map[string]any{"current_status": string(billing.PeriodOpen)}
		return billing.Period{}, e
	}
	return a.store.CloseMonth(ctx, m, by, now, a.books())
}

// ClosePreviousMonth closes the month before the current one in the org's
// time zone. The scheduled monthclose function calls it; an error makes the
// scheduler retry, and a rerun finishes what an interrupted close began.
func (a *API) ClosePreviousMonth(ctx context.Context) error {
	now := a.now().Truncate(time.Second)
	month := billing.MonthOf(now, a.cfg.Location).Prev()
	p, err := a.closeMonth(ctx, month, SchedulerPrincipal, now)
	if err != nil {
		a.log.ErrorContext(ctx, "month close", "month", month.String(), "error", causeOf(err))
		return err
	}
	a.log.InfoContext(ctx, "month close", "month", month.String(), "status", string(p.Status),
		"statements", len(p.Statements), "total", p.Total.StringFixed(2))
	return nil
}
