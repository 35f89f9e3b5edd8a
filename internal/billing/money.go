// Package billing holds the money rules: the charge, recurring and SLA
// credit lines a request posts, and (as they are built) statements, the
// journal and checksums. Amounts are decimals, never floats, and rounding
// lives in Round2 alone.
package billing

import "github.com/shopspring/decimal"

// Round2 rounds to cents, half away from zero.
func Round2(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// Kind is the kind of a statement line.
type Kind string

// The kinds of statement line.
const (
	KindCharge     Kind = "charge"
	KindRecurring  Kind = "recurring"
	KindSLACredit  Kind = "sla_credit"
	KindAdjustment Kind = "adjustment"
)

// Round2Quotient is Round2(n / d) computed exactly: the quotient is never
// rounded before it is rounded to cents, half away from zero, as Round2
// does. d must not be zero.
func Round2Quotient(n, d decimal.Decimal) decimal.Decimal { return n.DivRound(d, 2) }
