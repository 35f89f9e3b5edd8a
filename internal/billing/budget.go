package billing

import (
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/errs"
)

// Budget is what finance sets for one department and fiscal year: an
// amount, and the whole percentages of it whose crossing is worth telling
// (checked by CheckBudgetAmount and CheckThresholds). Version counts the
// writes, from 1.
type Budget struct {
	Year       FiscalYear
	Department string
	Amount     decimal.Decimal
	Thresholds []int
	Version    int
	UpdatedAt  time.Time
	UpdatedBy  string
}

// DefaultThresholds are a budget's thresholds when finance names none.
func DefaultThresholds() []int { return []int{80, 100} }

// maxBudget bounds a budget: a typo of a few extra digits is refused.
var maxBudget = decimal.New(1, 9)

// maxThreshold is the highest threshold, in percent of the budget.
const maxThreshold = 200

// CheckBudgetAmount returns a field error naming "amount" unless amount
// (nil when it was not given) is positive, of at most 2 decimals and less
// than 1,000,000,000.
func CheckBudgetAmount(amount *decimal.Decimal) *errs.FieldError {
	var msg string
	switch {
	case amount == nil:
		msg = "is required"
	case !amount.IsPositive():
		msg = "must be more than 0"
	case !amount.Equal(amount.Round(2)):
		msg = "may have at most 2 decimals"
	case amount.GreaterThanOrEqual(maxBudget):
		msg = "must be less than 1000000000"
	default:
		return nil
	}
	return &errs.FieldError{Field: "amount", Message: msg}
}

// CheckThresholds returns a field error naming "thresholds" unless every
// threshold is a whole percentage from 1 to 200 and each is greater than
// the one before. An empty list is refused: leave the field out for the
// default.
func CheckThresholds(thresholds []int) *errs.FieldError {
	bad := func(msg string) *errs.FieldError { return &errs.FieldError{Field: "thresholds", Message: msg} }
	if len(thresholds) == 0 {
		return bad("must name at least one percentage; leave it out for the default [80, 100]")
	}
	for i, p := range thresholds {
		switch {
		case p < 1 || p > maxThreshold:
			return bad("must be whole percentages from 1 to 200")
		case i > 0 && p <= thresholds[i-1]:
			return bad("must be strictly increasing, such as [80, 100]")
		}
	}
	return nil
}
