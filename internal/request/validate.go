package request

import (
	"fmt"
	"strings"
	"time"
	"unicode"
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
// at most two decimal places (none unless fractional) and at most
// MaxQuantity.
func CheckQuantity(field string, q decimal.Decimal, fractional bool) *errs.FieldError {
	var msg string
	switch {
	case q.Sign() <= 0:
		msg = "must be greater than 0"
	case q.Exponent() < -2 && !q.Equal(q.Round(2)):
		msg = "may have at most 2 decimal places"
	case !fractional && !q.Equal(q.Truncate(0)):
		msg = "must be a whole number: this service counts whole units"
	case q.GreaterThan(maxQuantity):
		msg = fmt.Sprintf("may be at most %d", MaxQuantity)
	default:
		return nil
	}
	return &errs.FieldError{Field: field, Message: msg}
}

// CheckText returns a field error when s is longer than max characters or
// holds what free text must not: invalid UTF-8, control characters other
// than newline and tab (NUL, terminal escapes), or the invisible marks that
// reorder text on screen (bidirectional overrides and isolates).
func CheckText(field, s string, max int) *errs.FieldError {
	if utf8.RuneCountInString(s) > max {
		return &errs.FieldError{Field: field, Message: fmt.Sprintf("may be at most %d characters", max)}
	}
	if !utf8.ValidString(s) {
		return &errs.FieldError{Field: field, Message: "must be valid UTF-8 text"}
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || isBidiControl(r) {
			return &errs.FieldError{Field: field, Message: fmt.Sprintf("may not contain %U: only text, newlines and tabs (no control characters or direction marks)", r)}
		}
	}
	return nil
}

// CheckRequiredText is CheckText for a text that must be given. A text
// with no visible character (empty, whitespace, zero-width and other format
// characters, fillers that draw nothing) counts as missing and gets
// missing as its message, such as "is required to reject a request".
func CheckRequiredText(field, s string, max int, missing string) *errs.FieldError {
	if !strings.ContainsFunc(s, visible) {
		return &errs.FieldError{Field: field, Message: missing}
	}
	return CheckText(field, s, max)
}

// visible reports whether r draws something on screen by itself: a letter,
// digit, punctuation mark or symbol that is neither one of Unicode's
// default-ignorable fillers (such as U+3164 HANGUL FILLER) nor the blank
// braille pattern U+2800. Spaces, control and format characters (U+200B
// ZERO WIDTH SPACE, U+2060 WORD JOINER, U+FEFF) and lone combining marks
// are not.
func visible(r rune) bool {
	return unicode.In(r, unicode.L, unicode.N, unicode.P, unicode.S) &&
		!unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) && r != '\u2800'
}

// isBidiControl reports whether r is an invisible mark that changes the
// display order of text (U+200E, U+200F, U+202A to U+202E, U+2066 to
// U+2069), which can make a note read differently from what it holds.
func isBidiControl(r rune) bool {
	return r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// checkTime returns a field error when t is after latest (tooLate says
// why) or before earliest (what names that moment).
func checkTime(field string, t, earliest, latest time.Time, what, tooLate string) *errs.FieldError {
	switch {
	case t.After(latest):
		return &errs.FieldError{Field: field, Message: tooLate}
	case t.Before(earliest):
		return &errs.FieldError{Field: field, Message: fmt.Sprintf("may not be before %s (%s)", what, earliest.Format(time.RFC3339))}
	}
	return nil
}
