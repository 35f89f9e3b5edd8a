// Package errs is the one error vocabulary of the system. Domain and store
// code return *Error values with a Kind; the HTTP adapter turns each Kind into
// a status and a problem document. Any other error is internal: it is logged
// in full and the client only learns that something went wrong.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies an error for the client.
type Kind string

// The kinds of error the system reports.
const (
	Invalid       Kind = "invalid"
	Unauthorized  Kind = "unauthorized"
	Forbidden     Kind = "forbidden"
	NotFound      Kind = "not_found"
	Conflict      Kind = "conflict"
	TooLarge      Kind = "too_large"
	NotAcceptable Kind = "not_acceptable"
	Unprocessable Kind = "unprocessable"
	Unavailable   Kind = "unavailable"
	Internal      Kind = "internal"
)

// FieldError names one bad field of a request and what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an error the client may see. Code is a stable, more specific
// problem code (such as "invalid_transition"); when empty the Kind is used.
// Extra holds additional problem members, such as the current status.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  []FieldError
	Extra   map[string]any
	// Cause is what went wrong underneath, for the logs; the client never
	// sees it.
	Cause error
}

// Error returns the message, with field errors appended.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Unwrap returns the cause, so errors.Is and errors.As see through e.
func (e *Error) Unwrap() error { return e.Cause }

// ProblemCode returns the stable code shown to clients.
func (e *Error) ProblemCode() string {
	if e.Code != "" {
		return e.Code
	}
	return string(e.Kind)
}

// New returns an error of the given kind with a formatted message.
func New(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// WithCode returns a copy of e with a specific problem code.
func (e *Error) WithCode(code string) *Error {
	c := *e
	c.Code = code
	return &c
}

// Wrap returns an error of the given kind whose cause is err.
func Wrap(kind Kind, err error, format string, args ...any) *Error {
	e := New(kind, format, args...)
	e.Cause = err
	return e
}

// Fields returns a validation error listing every bad field.
func Fields(fields ...FieldError) *Error {
	return &Error{Kind: Invalid, Message: "the request has invalid fields", Fields: fields}
}

// Field returns a validation error for one field.
func Field(field, format string, args ...any) *Error {
	return Fields(FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// KindOf returns the kind of err, or Internal when err is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// Is reports whether err is an *Error of the given kind.
func Is(err error, kind Kind) bool {
	return err != nil && KindOf(err) == kind
}

// Collect turns the non-nil field errors into one validation error listing
// them all, or nil when there are none.
func Collect(fields ...*FieldError) error {
	var list []FieldError
	for _, f := range fields {
		if f != nil {
			list = append(list, *f)
		}
	}
	if len(list) == 0 {
		return nil
	}
	return Fields(list...)
}
