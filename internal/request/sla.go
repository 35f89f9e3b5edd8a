package request

import (
	"time"

	"chargeback/internal/billing"
)

// SLA thresholds: the share of a request's SLA time, in percent, whose
// passing the slawatch function records once per request. At 75 % the
// request is at risk; at 100 % it is breached, the moment Overdue turns
// true.
const (
	SLAAtRisk   = 75
	SLABreached = 100
)

// SLAThresholds lists the thresholds, in the order a request passes them.
var SLAThresholds = []int{SLAAtRisk, SLABreached}

// SLAThresholdAt is the instant percent of the SLA time has gone: the SLA
// time runs from submission (CreatedAt) to SLADueAt, so 100 is SLADueAt.
func (r *Request) SLAThresholdAt(percent int) time.Time {
	span := r.SLADueAt.Sub(r.CreatedAt)
	return r.CreatedAt.Add(span * time.Duration(percent) / 100)
}

// SLACrossed lists the thresholds an open request has passed at now, in
// ascending order; a request no longer open has passed none, whatever the
// time. A threshold is passed once now is after its instant, by the same
// predicate as the SLA itself (billing.SLAMet): a request due at 12:00 is
// breached from just after 12:00, not at 12:00.
func (r *Request) SLACrossed(now time.Time) []int {
	if !r.Status.Open() {
		return nil
	}
	var out []int
	for _, t := range SLAThresholds {
		if !billing.SLAMet(now, r.SLAThresholdAt(t)) {
			out = append(out, t)
		}
	}
	return out
}
