package billing

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

// Line is one statement line: money a department is charged (or credited)
// in a month.
type Line struct {
	// ID is unique within the table and deterministic, so a line can only
	// be posted once.
	ID          string
	Month       Month
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

// Posting is what one change writes to the ledger: the lines it posts, and
// the months that must be open for it to land. The months of the lines
// must be open too; Months names those the change touches without a line
// (a subscription that starts or ends in a month).
type Posting struct {
	Lines  []Line
	Months []Month
}

// OpenMonths is every month that must be open for the posting to land:
// Months and the months of the lines, each once.
func (p Posting) OpenMonths() []Month {
	months := slices.Clone(p.Months)
	for _, l := range p.Lines {
		months = append(months, l.Month)
	}
	var out []Month
	for _, m := range months {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// Fulfilment is what a fulfilled request contributes to its charges.
type Fulfilment struct {
	RequestID     string
	Department    string
	ServiceID     string
	ServiceName   string
	Pricing       catalog.Pricing
	Unit          string
	Quantity      decimal.Decimal // requested units, or the actual hours
	UnitPrice     decimal.Decimal // the quoted price
	FulfilledAt   time.Time
	SLADueAt      time.Time
	CreditPercent decimal.Decimal
}

// Posting is what a fulfilment posts, in the month of FulfilledAt (in loc):
// for one-time and hourly services the charge, and an SLA credit when the
// SLA was missed and the service grants one; for monthly services nothing
// yet (their recurring lines are posted when each month closes), but the
// month it starts in must be open.
func (f Fulfilment) Posting(loc *time.Location) Posting {
	month := MonthOf(f.FulfilledAt, loc)
	if f.Pricing == catalog.Monthly {
		return Posting{Months: []Month{month}}
	}
	charge := Line{
		ID: f.RequestID + "-charge", Month: month, Department: f.Department, Kind: KindCharge,
		RequestID: f.RequestID, ServiceID: f.ServiceID, ServiceName: f.ServiceName,
		Description: f.ServiceName, Quantity: f.Quantity, Unit: f.Unit, UnitPrice: f.UnitPrice,
		Amount: Round2(f.Quantity.Mul(f.UnitPrice)), PostedAt: f.FulfilledAt,
	}
	lines := []Line{charge}
	if credit, ok := SLACredit(charge, SLAMet(f.FulfilledAt, f.SLADueAt), f.CreditPercent); ok {
		lines = append(lines, credit)
	}
	return Posting{Lines: lines}
}
