package billing

import (
	"time"

	"github.com/shopspring/decimal"
)

// SLADue is when work submitted at created must be done to meet a target of
// hours.
func SLADue(created time.Time, hours int) time.Time {
	return created.Add(time.Duration(hours) * time.Hour)
}

// SLAMet is the one SLA predicate: work done at done met its target when it
// was done on or before due. A request is overdue once now is past due and
// it is not done; it earns an SLA credit when it was done after due.
func SLAMet(done, due time.Time) bool { return !done.After(due) }

// SLACredit returns the credit line for a first charge line when the SLA
// was not met and percent is above zero: −round2(amount × percent / 100),
// in the same month as the charge.
func SLACredit(first Line, met bool, percent decimal.Decimal) (Line, bool) {
	if met || percent.Sign() <= 0 {
		return Line{}, false
	}
	hundred := decimal.NewFromInt(100)
	return Line{
		ID: first.RequestID + "-sla-credit", Month: first.Month, Department: first.Department, Kind: KindSLACredit,
		RequestID: first.RequestID, ServiceID: first.ServiceID, ServiceName: first.ServiceName,
		Description: "SLA credit " + percent.String() + "% (" + first.ServiceName + ")",
		Amount:      Round2(first.Amount.Mul(percent).Div(hundred)).Neg(), PostedAt: first.PostedAt,
	}, true
}
