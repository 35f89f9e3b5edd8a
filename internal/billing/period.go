package billing

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/errs"
)

// PeriodStatus is where a month is on its way to being closed.
type PeriodStatus string

// The statuses of a month. A month nobody has closed is open.
const (
	// PeriodOpen takes new lines.
	PeriodOpen PeriodStatus = "open"
	// PeriodClosing takes no new lines while the close posts the recurring
	// lines and freezes the statements.
	PeriodClosing PeriodStatus = "closing"
	// PeriodClosed never changes again.
	PeriodClosed PeriodStatus = "closed"
)

// periodMoves is the month's state machine: where each status may go.
var periodMoves = map[PeriodStatus][]PeriodStatus{
	PeriodOpen:    {PeriodClosing},
	PeriodClosing: {PeriodClosed},
}

// NextPeriodStatus checks that a month may move from one status to another,
// or returns a conflict naming the current status.
func NextPeriodStatus(from, to PeriodStatus) error {
	if !slices.Contains(periodMoves[from], to) {
		e := errs.New(errs.Conflict, "a month that is %s cannot become %s", from, to).WithCode("invalid_period_transition")
		e.Extra = map[string]any{"current_status": string(from)}
		return e
	}
	return nil
}

// Period is a month's close: its status and, once closed, when, by whom,
// the month's total and the summary of every statement as frozen.
type Period struct {
	Month  Month
	Status PeriodStatus
	// ClosingAt is when the close began (the month became closing).
	ClosingAt  time.Time
	ClosedAt   time.Time
	ClosedBy   string
	Total      decimal.Decimal
	Statements []Summary
}

// SchedulerPrincipal is who the scheduled close records as having closed a
// month.
const SchedulerPrincipal = "scheduler"

// CheckOver returns a conflict (period_not_over) unless month m is over at
// now in loc: a month closes only once its last day has ended in the org's
// time zone.
func CheckOver(m Month, now time.Time, loc *time.Location) error {
	end := m.End(loc)
	if !now.Before(end) {
		return nil
	}
	e := errs.New(errs.Conflict, "month %s is not over until %s", m, end.UTC().Format(time.RFC3339)).WithCode("period_not_over")
	e.Extra = map[string]any{"current_status": string(PeriodOpen)}
	return e
}

// ScheduledClose is the month the scheduled close closes at now: the month
// before the current one in loc.
func ScheduledClose(now time.Time, loc *time.Location) Month {
	return MonthOf(now, loc).Prev()
}
