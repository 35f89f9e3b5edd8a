package request

import (
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// Request is one department's request for a catalog service.
type Request struct {
	ID          string
	Department  string
	ServiceID   string
	ServiceName string
	Pricing     catalog.Pricing
	Unit        string
	// Fractional says whether the unit may be counted in fractions (hours,
	// storage) or only in whole units (users, devices), as the catalog said
	// when the request was made.
	Fractional bool
	// Quantity is what was requested: units, or estimated hours for hourly
	// services.
	Quantity decimal.Decimal
	// QuotedUnitPrice is the price effective on the submission day; later
	// catalog changes never alter it.
	QuotedUnitPrice decimal.Decimal
	// EstimatedCharge is Quantity × QuotedUnitPrice, rounded to cents (one
	// month for monthly services).
	EstimatedCharge decimal.Decimal
	Status          Status
	Note            string
	RequestedBy     string
	CreatedAt       time.Time
	SLAHours        int
	SLADueAt        time.Time
	// SLACreditPercent is the service's credit for a missed SLA when the
	// request was made; later catalog changes never alter it.
	SLACreditPercent decimal.Decimal
	// FulfilledAt is set once fulfilled; for hourly services
	// FulfilledQuantity holds the actual hours.
	FulfilledAt       time.Time
	FulfilledQuantity decimal.Decimal
	// FulfilledMonth is the month FulfilledAt falls in, in the org's zone:
	// the month the fulfilment and the request's survey are reported in.
	FulfilledMonth billing.Month
	// EndedAt is when a monthly subscription stopped.
	EndedAt time.Time
	// Version counts the changes; every write is conditional on it.
	Version int
	// History is every change, oldest first; History[i] made version i+1.
	History []Event
	// Charges are the statement lines the request has posted.
	Charges []Charge
	// Survey is the department's answer once given.
	Survey *Survey
}

// Survey is a department's answer to "how did we do?" for a delivered
// request; the rules for giving one are in package satisfaction.
type Survey struct {
	Score       int
	Comment     string
	SubmittedAt time.Time
	SubmittedBy string
	// Month is the month the request was fulfilled in, which the survey
	// is reported in.
	Month billing.Month
}

// Charge is a statement line a request has posted, as the request shows it.
type Charge struct {
	LineID string
	Kind   billing.Kind
	Month  billing.Month
	Amount decimal.Decimal
}

// Event is one entry of a request's history.
type Event struct {
	At     time.Time
	By     string
	Action Action
	From   Status // empty for create
	To     Status
	Note   string
}

// Overdue reports whether the request is still open past its SLA due time.
func (r *Request) Overdue(now time.Time) bool {
	return r.Status.Open() && !billing.SLAMet(now, r.SLADueAt)
}

// SLAMet reports whether a fulfilled request was fulfilled within its SLA.
func (r *Request) SLAMet() bool {
	return !r.FulfilledAt.IsZero() && billing.SLAMet(r.FulfilledAt, r.SLADueAt)
}

// Fulfilment is what the request, once fulfilled, contributes to its
// charges.
func (r *Request) Fulfilment() billing.Fulfilment {
	return billing.Fulfilment{
		RequestID: r.ID, Department: r.Department, ServiceID: r.ServiceID, ServiceName: r.ServiceName,
		Pricing: r.Pricing, Unit: r.Unit, Quantity: r.ChargedQuantity(), UnitPrice: r.QuotedUnitPrice,
		FulfilledAt: r.FulfilledAt, SLADueAt: r.SLADueAt, CreditPercent: r.SLACreditPercent,
	}
}

// Subscription is the request as its recurring lines see it; false when
// it is not a fulfilled monthly subscription.
func (r *Request) Subscription() (billing.Subscription, bool) {
	if r.Pricing != catalog.Monthly || r.FulfilledAt.IsZero() {
		return billing.Subscription{}, false
	}
	return billing.Subscription{
		RequestID: r.ID, Department: r.Department, ServiceID: r.ServiceID, ServiceName: r.ServiceName,
		Unit: r.Unit, Quantity: r.Quantity, Start: r.FulfilledAt, End: r.EndedAt,
		SLAMet: billing.SLAMet(r.FulfilledAt, r.SLADueAt), CreditPercent: r.SLACreditPercent,
	}, true
}

// Post records lines the request has posted as its charges.
func (r *Request) Post(lines []billing.Line) {
	for _, l := range lines {
		r.Charges = append(r.Charges, Charge{LineID: l.ID, Kind: l.Kind, Month: l.Month, Amount: l.Amount})
	}
}

// ChargedQuantity is the quantity the charge is computed on: the actual
// hours for hourly services, the requested quantity otherwise.
func (r *Request) ChargedQuantity() decimal.Decimal {
	if r.Pricing == catalog.Hourly && !r.FulfilledAt.IsZero() {
		return r.FulfilledQuantity
	}
	return r.Quantity
}

// record applies a transition: the new status, a history entry and the next
// version.
func (r *Request) record(action Action, by string, at time.Time, to Status, note string) {
	r.History = append(r.History, Event{At: at, By: by, Action: action, From: r.Status, To: to, Note: note})
	r.Status = to
	r.Version++
}
