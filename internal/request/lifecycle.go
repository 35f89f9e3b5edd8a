package request

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// Draft is what a caller asks for when creating a request.
type Draft struct {
	ServiceID  string
	Department string
	// Quantity is nil when the caller sent none.
	Quantity *decimal.Decimal
	Note     string
	By       string
	// Problems are bad fields the caller found before the draft got here
	// (a department it may not file for, a quantity that is not a number);
	// New reports them together with its own.
	Problems []*errs.FieldError
}

// New validates a draft against the catalog and returns the new request,
// priced on the day of now in loc, reporting every bad field at once. A
// service that needs no approval starts approved.
func New(id string, d Draft, cat *catalog.Catalog, now time.Time, loc *time.Location) (*Request, error) {
	problems := d.Problems
	svc, found := cat.Service(d.ServiceID)
	switch {
	case d.ServiceID == "":
		problems = append(problems, &errs.FieldError{Field: "service_id", Message: "is required"})
	case !found:
		problems = append(problems, &errs.FieldError{Field: "service_id", Message: "is not a service in the catalog"})
	case !svc.Active:
		problems = append(problems, &errs.FieldError{Field: "service_id", Message: fmt.Sprintf("service %q is retired and takes no new requests", svc.ID)})
	}
	if d.Quantity == nil {
		problems = append(problems, &errs.FieldError{Field: "quantity", Message: "is required"})
	} else {
		problems = append(problems, CheckQuantity("quantity", *d.Quantity, !found || svc.Fractional))
	}
	problems = append(problems, CheckText("note", d.Note, MaxText))
	if err := errs.Collect(problems...); err != nil {
		return nil, err
	}
	day := billing.Day(now, loc)
	price, ok := svc.PriceOn(day)
	if !ok {
		return nil, errs.Field("service_id", "service %q has no price on %s", svc.ID, day)
	}
	r := &Request{
		ID: id, Department: d.Department, ServiceID: svc.ID, ServiceName: svc.Name,
		Pricing: svc.Pricing, Unit: svc.Unit, Fractional: svc.Fractional, Quantity: *d.Quantity,
		QuotedUnitPrice: price, EstimatedCharge: billing.Round2(d.Quantity.Mul(price)),
		Note: d.Note, RequestedBy: d.By, CreatedAt: now, SLAHours: svc.SLAHours,
		SLADueAt: billing.SLADue(now, svc.SLAHours), SLACreditPercent: svc.SLACreditPercent,
	}
	status := Submitted
	if svc.Approval == catalog.ApprovalNone {
		status = Approved
	}
	r.record(Create, d.By, now, status, "")
	return r, nil
}

// Update changes the quantity and/or note while work has not started. A
// nil argument leaves that field as it is.
func (r *Request) Update(quantity *decimal.Decimal, note *string, by string, now time.Time) error {
	if _, err := Next(r.Status, Update); err != nil {
		return err
	}
	var qErr, nErr *errs.FieldError
	if quantity != nil {
		qErr = CheckQuantity("quantity", *quantity, r.Fractional)
	}
	if note != nil {
		nErr = CheckText("note", *note, MaxText)
	}
	if err := errs.Collect(qErr, nErr); err != nil {
		return err
	}
	if quantity == nil && note == nil {
		return errs.New(errs.Invalid, "nothing to change: send quantity and/or note")
	}
	summary := ""
	if quantity != nil {
		summary = fmt.Sprintf("quantity %s → %s", r.Quantity, quantity)
		r.Quantity = *quantity
		r.EstimatedCharge = billing.Round2(quantity.Mul(r.QuotedUnitPrice))
	}
	if note != nil {
		r.Note = *note
		if summary != "" {
			summary += "; "
		}
		summary += "note changed"
	}
	r.record(Update, by, now, r.Status, summary)
	return nil
}

// Act applies an action that carries at most a reason: cancel, approve,
// reject (reason required) or start.
func (r *Request) Act(action Action, by, reason string, now time.Time) error {
	switch action {
	case Cancel, Approve, Reject, Start:
	default:
		return fmt.Errorf("request: Act does not handle %q", action)
	}
	to, err := Next(r.Status, action)
	if err != nil {
		return err
	}
	check := CheckText("reason", reason, MaxText)
	if action == Reject {
		check = CheckRequiredText("reason", reason, MaxText, "is required to reject a request")
	}
	if err := errs.Collect(check); err != nil {
		return err
	}
	r.record(action, by, now, to, reason)
	return nil
}

// Fulfill marks the request delivered at `at` (now when nil) and returns
// what the fulfilment posts, with months counted in loc. Hourly services
// need the actual hours; other services take no quantity.
func (r *Request) Fulfill(quantity *decimal.Decimal, at *time.Time, by string, now time.Time, loc *time.Location) (billing.Posting, error) {
	to, err := Next(r.Status, Fulfill)
	if err != nil {
		return billing.Posting{}, err
	}
	var qErr *errs.FieldError
	switch {
	case r.Pricing == catalog.Hourly && quantity == nil:
		qErr = &errs.FieldError{Field: "quantity", Message: "is required for an hourly service: the actual hours worked"}
	case r.Pricing == catalog.Hourly:
		qErr = CheckQuantity("quantity", *quantity, true)
	case quantity != nil:
		qErr = &errs.FieldError{Field: "quantity", Message: "is only accepted for hourly services"}
	}
	when := now
	if at != nil {
		when = *at
	}
	if err := errs.Collect(qErr, checkTime("fulfilled_at", when, r.CreatedAt, now, "the request was created", "may not be in the future")); err != nil {
		return billing.Posting{}, err
	}
	var months []billing.Month
	if r.Pricing == catalog.Monthly {
		// A subscription charges every month from its start: each of them
		// that may already be closed must still be open.
		if months, err = changedMonths("fulfilled_at", when, now, loc); err != nil {
			return billing.Posting{}, err
		}
	}
	r.FulfilledAt, r.FulfilledMonth = when, billing.MonthOf(when, loc)
	if quantity != nil {
		r.FulfilledQuantity = *quantity
	}
	r.record(Fulfill, by, now, to, "")
	p := r.Fulfilment().Posting(loc)
	p.Months = append(p.Months, months...)
	r.Post(p.Lines)
	return p, nil
}

// End stops a fulfilled monthly subscription at `at` (now when nil; at
// most MaxEndAhead ahead, a scheduled end) and returns what ending posts:
// nothing yet, but every month whose recurring lines it changes and that
// may already be closed, from the month it ends in (in loc) to the current
// one, must be open.
func (r *Request) End(at *time.Time, by string, now time.Time, loc *time.Location) (billing.Posting, error) {
	to, err := Next(r.Status, End)
	if err != nil {
		return billing.Posting{}, err
	}
	if r.Pricing != catalog.Monthly {
		e := errs.New(errs.Conflict, "only a monthly subscription can be ended; this service is %s", r.Pricing).WithCode("not_a_subscription")
		e.Extra = map[string]any{"current_status": string(r.Status)}
		return billing.Posting{}, e
	}
	when := now
	if at != nil {
		when = *at
	}
	latest := now.AddDate(0, MaxEndAheadMonths, 0)
	tooLate := fmt.Sprintf("may be at most %d months ahead", MaxEndAheadMonths)
	if err := errs.Collect(checkTime("ended_at", when, r.FulfilledAt, latest, "the subscription started", tooLate)); err != nil {
		return billing.Posting{}, err
	}
	months, err := changedMonths("ended_at", when, now, loc)
	if err != nil {
		return billing.Posting{}, err
	}
	r.EndedAt = when
	r.record(End, by, now, to, "")
	return billing.Posting{Months: months}, nil
}

// MaxEndAheadMonths is how far ahead a subscription's end may be scheduled.
const MaxEndAheadMonths = 12

// maxChangedMonths bounds how far back a change may reach: each month it
// changes is checked to be open in the change's transaction.
const maxChangedMonths = 60

// changedMonths are the months a subscription that starts or ends at `at`
// changes and that may already be closing or closed: the month of at
// through the current one (just the month of at when it lies ahead).
func changedMonths(field string, at, now time.Time, loc *time.Location) ([]billing.Month, error) {
	first := billing.MonthOf(at, loc)
	months := billing.MonthsThrough(first, billing.MonthOf(now, loc))
	if len(months) == 0 {
		months = []billing.Month{first}
	}
	if len(months) > maxChangedMonths {
		return nil, errs.Field(field, "may reach back at most %d months", maxChangedMonths)
	}
	return months, nil
}
