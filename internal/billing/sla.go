package billing

import "time"

// SLADue is when work submitted at created must be done to meet a target of
// hours.
func SLADue(created time.Time, hours int) time.Time {
	return created.Add(time.Duration(hours) * time.Hour)
}

// SLAMet is the one SLA predicate: work done at done met its target when it
// was done on or before due. A request is overdue once now is past due and
// it is not done; it earns an SLA credit when it was done after due.
func SLAMet(done, due time.Time) bool { return !done.After(due) }
