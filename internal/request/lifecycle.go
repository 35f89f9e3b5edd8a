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
	Service    catalog.Service
	Department string
	Quantity   decimal.Decimal
	Note       string
	By         string
}

// New validates a draft and returns the new request, priced on the day of
// now in loc. A service that needs no approval starts approved.
func New(id string, d Draft, now time.Time, loc *time.Location) (*Request, error) {
	if !d.Service.Active {
		return nil, errs.Field("service_id", "service %q is retired and takes no new requests", d.Service.ID)
	}
	if err := errs.Collect(CheckQuantity("quantity", d.Quantity), CheckText("note", d.Note)); err != nil {
		return nil, err
	}
	day := now.In(loc).Format(time.DateOnly)
	price, ok := d.Service.PriceOn(day)
	if !ok {
		return nil, errs.Field("service_id", "service %q has no price on %s", d.Service.ID, day)
	}
	r := &Request{
		ID: id, Department: d.Department, ServiceID: d.Service.ID, ServiceName: d.Service.Name,
		Pricing: d.Service.Pricing, Unit: d.Service.Unit, Quantity: d.Quantity,
		QuotedUnitPrice: price, EstimatedCharge: billing.Round2(d.Quantity.Mul(price)),
		Note: d.Note, RequestedBy: d.By, CreatedAt: now, SLAHours: d.Service.SLAHours,
		SLADueAt:         now.Add(time.Duration(d.Service.SLAHours) * time.Hour),
		SLACreditPercent: d.Service.SLACreditPercent,
	}
	status := Submitted
	if d.Service.Approval == catalog.ApprovalNone {
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
		qErr = CheckQuantity("quantity", *quantity)
	}
	if note != nil {
		nErr = CheckText("note", *note)
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
	if action == Reject && reason == "" {
		return errs.Field("reason", "is required to reject a request")
	}
	if err := errs.Collect(CheckText("reason", reason)); err != nil {
		return err
	}
	r.record(action, by, now, to, reason)
	return nil
}

// Fulfill marks the request delivered at `at` (now when zero). Hourly
// services need the actual hours; other services take no quantity.
func (r *Request) Fulfill(quantity *decimal.Decimal, at time.Time, by string, now time.Time) error {
	to, err := Next(r.Status, Fulfill)
	if err != nil {
		return err
	}
	var qErr *errs.FieldError
	switch {
	case r.Pricing == catalog.Hourly && quantity == nil:
		qErr = &errs.FieldError{Field: "quantity", Message: "is required for an hourly service: the actual hours worked"}
	case r.Pricing == catalog.Hourly:
		qErr = CheckQuantity("quantity", *quantity)
	case quantity != nil:
		qErr = &errs.FieldError{Field: "quantity", Message: "is only accepted for hourly services"}
	}
	if at.IsZero() {
		at = now
	}
	if err := errs.Collect(qErr, checkTime("fulfilled_at", at, r.CreatedAt, now, "the request was created")); err != nil {
		return err
	}
	r.FulfilledAt = at
	if quantity != nil {
		r.FulfilledQuantity = *quantity
	}
	r.record(Fulfill, by, now, to, "")
	return nil
}

// End stops a fulfilled monthly subscription at `at` (now when zero).
func (r *Request) End(at time.Time, by string, now time.Time) error {
	to, err := Next(r.Status, End)
	if err != nil {
		return err
	}
	if r.Pricing != catalog.Monthly {
		e := errs.New(errs.Conflict, "only a monthly subscription can be ended; this service is %s", r.Pricing).WithCode("not_a_subscription")
		e.Extra = map[string]any{"current_status": string(r.Status)}
		return e
	}
	if at.IsZero() {
		at = now
	}
	if err := errs.Collect(checkTime("ended_at", at, r.FulfilledAt, now, "the subscription started")); err != nil {
		return err
	}
	r.EndedAt = at
	r.record(End, by, now, to, "")
	return nil
}
