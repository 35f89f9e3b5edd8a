package billing

import (
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/errs"
)

// MaxAdjustmentText is the longest adjustment description, in characters.
// The description is free text, checked by the free-text rules of package
// request like every other.
const MaxAdjustmentText = 500

// maxAdjustment bounds an adjustment's size, either sign: a typo of a few
// extra digits is refused rather than posted.
var maxAdjustment = decimal.New(1, 9)

// Adjustment is finance's correction to one department's statement: an
// amount of either sign, posted as given into a month that has begun and
// is open, naming the service or request it corrects when it has one.
type Adjustment struct {
	Department  string
	Month       Month
	Amount      decimal.Decimal
	Description string
	ServiceID   string
	ServiceName string
	RequestID   string
}

// CheckAdjustmentAmount returns a field error naming "amount" unless
// amount (nil when it was not given) is a non-zero amount of at most 2
// decimals, less than 1,000,000,000 either way.
func CheckAdjustmentAmount(amount *decimal.Decimal) *errs.FieldError {
	var msg string
	switch {
	case amount == nil:
		msg = "is required"
	case amount.IsZero():
		msg = "may not be zero"
	case !amount.Equal(amount.Round(2)):
		msg = "may have at most 2 decimals"
	case amount.Abs().GreaterThanOrEqual(maxAdjustment):
		msg = "must be less than 1000000000 either way"
	default:
		return nil
	}
	return &errs.FieldError{Field: "amount", Message: msg}
}

// AdjustmentService is the service an adjustment that names a request
// corrects: the request's service. A service_id the adjustment names must
// be that one (a field error naming "service_id" otherwise); one that
// names no service takes the request's.
func AdjustmentService(named, requests string) (string, *errs.FieldError) {
	if named != "" && named != requests {
		return "", &errs.FieldError{Field: "service_id", Message: "is not the service of the request named by request_id (" + requests + "); name that one or leave service_id out"}
	}
	return requests, nil
}

// AdjustmentLineID is the id of the line an adjustment posts, made from
// an id unique to that adjustment (a request.NewID).
func AdjustmentLineID(unique string) string { return unique + "-adjustment" }

// Line is the adjustment line the adjustment posts at postedAt: its amount
// as given, in its month, with the id AdjustmentLineID(unique).
func (a Adjustment) Line(unique string, postedAt time.Time) Line {
	return Line{
		ID: AdjustmentLineID(unique), Month: a.Month, Department: a.Department, Kind: KindAdjustment,
		RequestID: a.RequestID, ServiceID: a.ServiceID, ServiceName: a.ServiceName, Description: a.Description,
		Amount: a.Amount, PostedAt: postedAt,
	}
}

// InquiryCredit is the adjustment that credits amount back on line l, in
// month into, after an inquiry about it: minus the amount, described as
// "Credit for line <line id>", naming the line's service and request.
func InquiryCredit(l Line, amount decimal.Decimal, into Month) Adjustment {
	return Adjustment{
		Department: l.Department, Month: into, Amount: amount.Neg(), Description: "Credit for line " + l.ID,
		ServiceID: l.ServiceID, ServiceName: l.ServiceName, RequestID: l.RequestID,
	}
}
