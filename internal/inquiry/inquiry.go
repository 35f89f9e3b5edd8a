package inquiry

import (
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// Outcome is how finance resolved an inquiry.
type Outcome string

// The outcomes of a resolved inquiry.
const (
	// Credit grants the department an amount back, posted as an adjustment.
	Credit Outcome = "credit"
	// Rejected keeps the line as it is.
	Rejected Outcome = "rejected"
)

// Inquiry is a department's question about one line of its statement of a
// month, and, once resolved, finance's answer.
type Inquiry struct {
	ID         string
	Month      billing.Month
	Department string
	// The line asked about, as it stood when the inquiry was opened.
	LineID      string
	ServiceID   string
	ServiceName string
	RequestID   string
	LineAmount  decimal.Decimal
	// Amount is what the department believes is wrong; nil when it did
	// not say.
	Amount   *decimal.Decimal
	Reason   string
	Status   Status
	OpenedAt time.Time
	OpenedBy string
	Version  int

	// Set once resolved or withdrawn.
	Outcome      Outcome
	CreditAmount decimal.Decimal // credit only
	Note         string
	ClosedAt     time.Time // resolved or withdrawn at
	ClosedBy     string
	// AdjustmentLineID and AdjustmentMonth name the credit line a credit
	// posted, and the month it went into.
	AdjustmentLineID string
	AdjustmentMonth  billing.Month
}

// Draft is what a caller sends to open an inquiry.
type Draft struct {
	Reason string
	Amount *decimal.Decimal
	By     string
	// Problems are field errors the caller found while decoding (a
	// malformed amount), reported with the rest.
	Problems []*errs.FieldError
}

// New opens an inquiry with id about line l of department's statement for
// its month, as actor, or returns every problem with the draft: the reason
// is required free text (request.CheckRequiredText, at most
// request.MaxText); the amount, when given, is positive, with at most 2
// decimals and at most the line's amount; the line must charge something
// (a credit or a zero line is not asked about).
func New(id string, l billing.Line, d Draft, actor Actor, now time.Time) (*Inquiry, error) {
	status, err := Next("", OpenIt, actor)
	if err != nil {
		return nil, err
	}
	problems := append([]*errs.FieldError{}, d.Problems...)
	if l.Amount.Sign() <= 0 {
		problems = append(problems, &errs.FieldError{Field: "line_id", Message: "is a credit or a zero line: only a line that charges something can be asked about"})
	}
	problems = append(problems,
		request.CheckRequiredText("reason", d.Reason, request.MaxText, "is required: say what looks wrong with the line (no patient information)"),
		checkAmount("amount", d.Amount, l.Amount, "the line's amount"))
	if err := errs.Collect(problems...); err != nil {
		return nil, err
	}
	return &Inquiry{
		ID: id, Month: l.Month, Department: l.Department, LineID: l.ID, ServiceID: l.ServiceID,
		ServiceName: l.ServiceName, RequestID: l.RequestID, LineAmount: l.Amount, Amount: d.Amount,
		Reason: d.Reason, Status: status, OpenedAt: now, OpenedBy: d.By, Version: 1,
	}, nil
}

// checkAmount returns a field error unless amount (nil: not given) is
// positive with at most 2 decimals and at most limit (named what).
func checkAmount(field string, amount *decimal.Decimal, limit decimal.Decimal, what string) *errs.FieldError {
	var msg string
	switch {
	case amount == nil:
		return nil
	case amount.Sign() <= 0:
		msg = "must be greater than 0"
	case !amount.Equal(amount.Round(2)):
		msg = "may have at most 2 decimals"
	case amount.GreaterThan(limit):
		msg = "may be at most " + what + ", " + limit.StringFixed(2)
	default:
		return nil
	}
	return &errs.FieldError{Field: field, Message: msg}
}

// Resolution is finance's answer to an inquiry.
type Resolution struct {
	Outcome string
	// Amount is the credit; nil when not given. Only a credit takes one.
	Amount   *decimal.Decimal
	Note     string
	By       string
	Problems []*errs.FieldError
}

// Resolve answers the inquiry as actor. credited is what earlier inquiries
// already credited on the same line: a credit is positive, with at most 2
// decimals, and at most the line's amount less credited; a rejection takes
// no amount; the note is required free text. A refused resolution changes
// nothing.
func (q *Inquiry) Resolve(res Resolution, credited decimal.Decimal, actor Actor, now time.Time) error {
	to, err := Next(q.Status, Resolve, actor)
	if err != nil {
		return err
	}
	problems := append([]*errs.FieldError{}, res.Problems...)
	switch Outcome(res.Outcome) {
	case Credit:
		left := q.LineAmount.Sub(credited)
		if res.Amount == nil {
			problems = append(problems, &errs.FieldError{Field: "amount", Message: "is required for a credit"})
		} else if left.Sign() <= 0 {
			problems = append(problems, &errs.FieldError{Field: "amount", Message: "cannot be credited: the line's whole amount has been credited already"})
		} else {
			problems = append(problems, checkAmount("amount", res.Amount, left, "what is left of the line after earlier credits"))
		}
	case Rejected:
		if res.Amount != nil {
			problems = append(problems, &errs.FieldError{Field: "amount", Message: "is only for a credit; leave it out to reject"})
		}
	case "":
		problems = append(problems, &errs.FieldError{Field: "outcome", Message: "is required: credit or rejected"})
	default:
		problems = append(problems, &errs.FieldError{Field: "outcome", Message: "must be credit or rejected"})
	}
	problems = append(problems, request.CheckRequiredText("note", res.Note, request.MaxText, "is required: say why (no patient information)"))
	if err := errs.Collect(problems...); err != nil {
		return err
	}
	q.Status, q.Outcome, q.Note, q.ClosedAt, q.ClosedBy = to, Outcome(res.Outcome), res.Note, now, res.By
	if q.Outcome == Credit {
		q.CreditAmount = *res.Amount
	}
	q.Version++
	return nil
}

// Withdraw withdraws the inquiry as actor: the department no longer asks.
func (q *Inquiry) Withdraw(by string, actor Actor, now time.Time) error {
	to, err := Next(q.Status, Withdraw, actor)
	if err != nil {
		return err
	}
	q.Status, q.ClosedAt, q.ClosedBy = to, now, by
	q.Version++
	return nil
}

// CreditLine is the adjustment line a credit resolution posts into month
// into, at postedAt: minus the credit, naming the line asked about
// (billing.InquiryCredit). It is false when the inquiry granted no credit.
func (q *Inquiry) CreditLine(into billing.Month, postedAt time.Time) (billing.Line, bool) {
	if q.Outcome != Credit {
		return billing.Line{}, false
	}
	asked := billing.Line{
		ID: q.LineID, Department: q.Department, ServiceID: q.ServiceID, ServiceName: q.ServiceName, RequestID: q.RequestID,
	}
	return billing.InquiryCredit(asked, q.CreditAmount, into).Line(q.ID, postedAt), true
}
