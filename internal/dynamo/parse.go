package dynamo

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
)

// timeLayout is how times are stored: RFC 3339 UTC with fixed-width
// nanoseconds, so that strings sort as times do.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func formatDecimal(d decimal.Decimal) string { return d.String() }

// parser reads stored strings back into values, keeping the first failure:
// a stored amount or time that does not parse is an error, never a zero.
type parser struct {
	what string // the item, for the error
	err  error
}

func (p *parser) fail(field, value string) {
	if p.err == nil {
		p.err = fmt.Errorf("stored %s: %s %q does not parse", p.what, field, value)
	}
}

// time reads a stored time; "" is the zero time.
func (p *parser) time(field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		p.fail(field, s)
	}
	return t
}

// decimal reads a stored decimal; "" is zero.
func (p *parser) decimal(field, s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		p.fail(field, s)
	}
	return d
}

// month reads a stored month.
// optionalMonth reads a stored month that may be absent ("": zero).
func (p *parser) optionalMonth(field, s string) billing.Month {
	if s == "" {
		return billing.Month{}
	}
	return p.month(field, s)
}

func (p *parser) month(field, s string) billing.Month {
	m, err := billing.ParseMonth(s)
	if err != nil {
		p.fail(field, s)
	}
	return m
}
