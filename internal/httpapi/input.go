package httpapi

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// decimalField reads a decimal sent as a JSON number or string; nil when
// the field was absent or null. The value never passes through float64.
func decimalField(name string, raw json.RawMessage) (*decimal.Decimal, *errs.FieldError) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return nil, nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, &errs.FieldError{Field: name, Message: "must be a decimal number"}
		}
		s = strings.TrimSpace(s)
	}
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		return nil, &errs.FieldError{Field: name, Message: "must be a decimal number such as 2 or \"1.5\""}
	}
	return &d, nil
}

// timeField reads an RFC 3339 time, kept to the second; nil when empty.
func timeField(name, s string) (*time.Time, *errs.FieldError) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return nil, &errs.FieldError{Field: name, Message: "must be an RFC 3339 time such as 2026-03-02T09:00:00Z"}
	}
	t = t.UTC().Truncate(time.Second)
	return &t, nil
}

// etag is the ETag of a version.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// matchesVersion reports whether an If-Match value names version; it takes
// "3", 3, W/"3" and *.
func matchesVersion(ifMatch string, version int) bool {
	for _, v := range ifMatchValues(ifMatch) {
		if v == "*" || v == strconv.Itoa(version) {
			return true
		}
	}
	return false
}

// ifMatchValues are the versions an If-Match value lists, unquoted.
func ifMatchValues(ifMatch string) []string {
	var out []string
	for _, v := range strings.Split(ifMatch, ",") {
		out = append(out, strings.Trim(strings.TrimPrefix(strings.TrimSpace(v), "W/"), `"`))
	}
	return out
}

// monthField reads a required month of a body: written YYYY-MM, and not
// after the current month (billing.Month.CheckBegun).
func monthField(field, s string, now time.Time, loc *time.Location) (billing.Month, *errs.FieldError) {
	m, err := billing.ParseMonth(s)
	switch {
	case s == "":
		return m, &errs.FieldError{Field: field, Message: "is required"}
	case err != nil:
		return m, &errs.FieldError{Field: field, Message: "must be a month written YYYY-MM, such as 2026-03"}
	}
	return m, m.CheckBegun(field, now, loc)
}
