package request

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"chargeback/internal/errs"
)

// Limits on what a caller may send.
const (
	// MaxQuantity is the largest quantity a request may carry.
	MaxQuantity = 100000
	// MaxText is the longest note, reason or comment, in characters. Free
	// text is never for patient data.
	MaxText = 1000
)

var maxQuantity = decimal.NewFromInt(MaxQuantity)

// CheckQuantity returns a field error unless q is a positive decimal with
// at most two decimal places and at most MaxQuantity.
func CheckQuantity(field string, q decimal.Decimal) *errs.FieldError {
	var msg string
	switch {
	case q.Sign() <= 0:
		msg = "must be greater than 0"
	case q.Exponent() < -2 && !q.Equal(q.Round(2)):
		msg = "may have at most 2 decimal places"
	case q.GreaterThan(maxQuantity):
		msg = fmt.Sprintf("may be at most %d", MaxQuantity)
	default:
		return nil
	}
	return &errs.FieldError{Field: field, Message: msg}
}

// CheckText returns a field error when s is longer than MaxText characters.
func CheckText(field, s string) *errs.FieldError {
	if utf8.RuneCountInString(s) > MaxText {
		return &errs.FieldError{Field: field, Message: fmt.Sprintf("may be at most %d characters", MaxText)}
	}
	return nil
}

// checkTime returns a field error when t is after now or before earliest.
func checkTime(field string, t, earliest, now time.Time, what string) *errs.FieldError {
	switch {
	case t.After(now):
		return &errs.FieldError{Field: field, Message: "may not be in the future"}
	case t.Before(earliest):
		return &errs.FieldError{Field: field, Message: fmt.Sprintf("may not be before %s (%s)", what, earliest.Format(time.RFC3339))}
	}
	return nil
}
