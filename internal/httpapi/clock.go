package httpapi

import "time"

// day is the calendar date of t in the org's time zone, as "YYYY-MM-DD".
func (a *API) day(t time.Time) string { return t.In(a.cfg.Location).Format(time.DateOnly) }

// month is the month of t in the org's time zone, as "YYYY-MM".
func (a *API) month(t time.Time) string { return t.In(a.cfg.Location).Format("2006-01") }
