package catalog

import (
	"slices"

	"github.com/shopspring/decimal"
)

// Pricing is how a service is charged.
type Pricing string

// The pricing models a service may use.
const (
	// OneTime is charged once, at fulfilment: quantity × unit price.
	OneTime Pricing = "one_time"
	// Monthly is a subscription, charged for each month it is active,
	// prorated by days.
	Monthly Pricing = "monthly"
	// Hourly is charged at fulfilment on the actual hours worked; its unit
	// is "hour".
	Hourly Pricing = "hourly"
)

// pricings lists every valid Pricing, in the order messages name them.
var pricings = []string{string(OneTime), string(Monthly), string(Hourly)}

// Approval says whether a request needs IT approval.
type Approval string

// The approval rules a service may have.
const (
	// ApprovalRequired means a request starts submitted and waits for a
	// fulfiller to approve it.
	ApprovalRequired Approval = "required"
	// ApprovalNone means a request starts approved.
	ApprovalNone Approval = "none"
)

// approvals lists every valid Approval, in the order messages name them.
var approvals = []string{string(ApprovalRequired), string(ApprovalNone)}

// Price is one entry of a service's price history: the unit price that
// applies from Effective on, until the next entry takes over.
type Price struct {
	// Effective is the first calendar day, "YYYY-MM-DD" in the org's time
	// zone, the price applies to.
	Effective string
	// UnitPrice is the price of one unit, never negative, with at most two
	// decimal places.
	UnitPrice decimal.Decimal
}

// Service is one entry of the catalog: something a department can request
// and is charged for.
type Service struct {
	// ID is the stable identifier, matching [a-z0-9-]{2,64}.
	ID string
	// Name is the display name.
	Name string
	// Category groups services in the catalog, such as "Network".
	Category string
	// Description says briefly what the department receives.
	Description string
	// Owner is the IT team that fulfils requests for the service.
	Owner string
	// Unit is what a quantity counts, such as "user", "device" or "hour".
	Unit string
	// Fractional reports whether a quantity may be a fraction of a unit,
	// such as 1.5 hours or 2.5 terabytes. It is false for units counted
	// whole, such as users, devices and licences, and always true for an
	// hourly service. The catalog may leave it out, which means false.
	Fractional bool
	// Pricing is how the service is charged.
	Pricing Pricing
	// Prices is the price history, oldest first, with strictly increasing
	// Effective dates.
	Prices []Price
	// SLAHours is the target number of hours from submission to fulfilment.
	SLAHours int
	// SLACreditPercent, 0 to 100, is the share of the first charge credited
	// back when fulfilment takes longer than SLAHours; 0 means no credit.
	SLACreditPercent decimal.Decimal
	// Approval says whether a request needs IT approval.
	Approval Approval
	// Active is false for a retired service, which takes no new requests
	// but still prices its past ones.
	Active bool
}

// clone returns a copy of s that shares no memory with s.
func (s Service) clone() Service {
	s.Prices = slices.Clone(s.Prices)
	return s
}
