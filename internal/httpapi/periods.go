package httpapi

import (
	"context"
	"time"

	"chargeback/internal/errs"
)

// ClosePreviousMonth closes the month before the current one in the org's
// time zone. The scheduled monthclose function calls it; an error makes the
// scheduler retry.
func (a *API) ClosePreviousMonth(ctx context.Context) error {
	month := previousMonth(a.now(), a.cfg.Location)
	a.log.InfoContext(ctx, "month close", "month", month)
	return errs.New(errs.NotImplemented, "closing %s: month close is not implemented yet", month)
}

// previousMonth is the month before t's, in loc, as "YYYY-MM".
func previousMonth(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, -1, 0).Format("2006-01")
}
