package billing

import (
	"time"

	"github.com/shopspring/decimal"
)

// Line is one statement line: money a department is charged (or credited)
// in a month.
type Line struct {
	// ID is unique within the table and deterministic, so a line can only
	// be posted once.
	ID          string
	Month       string // "YYYY-MM" in the org's time zone
	Department  string
	Kind        Kind
	RequestID   string
	ServiceID   string
	ServiceName string
	Description string
	Quantity    decimal.Decimal
	Unit        string
	UnitPrice   decimal.Decimal
	Days        int // recurring lines only
	Amount      decimal.Decimal
	PostedAt    time.Time
}

// Fulfilment is what a fulfilled one-time or hourly request contributes to
// its charge.
type Fulfilment struct {
	RequestID     string
	Department    string
	ServiceID     string
	ServiceName   string
	Unit          string
	Quantity      decimal.Decimal // requested units, or the actual hours
	UnitPrice     decimal.Decimal // the quoted price
	CreatedAt     time.Time
	FulfilledAt   time.Time
	SLAHours      int
	CreditPercent decimal.Decimal
}

// SLAMissed reports whether fulfilment took longer than the SLA target.
func (f Fulfilment) SLAMissed() bool {
	return f.FulfilledAt.Sub(f.CreatedAt) > time.Duration(f.SLAHours)*time.Hour
}

// ChargeLines returns the lines a one-time or hourly fulfilment posts in the
// month of FulfilledAt (in loc): the charge, and an SLA credit when the SLA
// was missed and the service grants one.
func ChargeLines(f Fulfilment, loc *time.Location) []Line {
	month := f.FulfilledAt.In(loc).Format("2006-01")
	charge := Line{
		ID: f.RequestID + "-charge", Month: month, Department: f.Department, Kind: KindCharge,
		RequestID: f.RequestID, ServiceID: f.ServiceID, ServiceName: f.ServiceName,
		Description: f.ServiceName, Quantity: f.Quantity, Unit: f.Unit, UnitPrice: f.UnitPrice,
		Amount: Round2(f.Quantity.Mul(f.UnitPrice)), PostedAt: f.FulfilledAt,
	}
	lines := []Line{charge}
	if credit, ok := SLACredit(charge, f.SLAMissed(), f.CreditPercent); ok {
		lines = append(lines, credit)
	}
	return lines
}

// SLACredit returns the credit line for a first charge line when the SLA
// was missed and percent is above zero: −round2(amount × percent / 100), in
// the same month as the charge.
func SLACredit(first Line, missed bool, percent decimal.Decimal) (Line, bool) {
	if !missed || percent.Sign() <= 0 {
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
