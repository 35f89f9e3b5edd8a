package catalog

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a catalog file. Its Error reads like
//
//	services.yaml: service "ehr-account": prices[1].effective: must be after 2026-01-01 (line 14)
type Problem struct {
	// File is the file the problem is in: "services.yaml" or
	// "departments.yaml".
	File string
	// Entry names the service or department, as `service "ehr-account"`,
	// or by position, as "services[3]", when it has no usable id. It is
	// empty for a problem with the file as a whole.
	Entry string
	// Field is the path of the field at fault, such as "prices[1].effective",
	// or empty when the problem is with the whole entry or file.
	Field string
	// Message says what is wrong, such as "must be after 2026-01-01".
	Message string
	// Line is the 1-based line in File the problem was found on, or 0 when
	// it is not known.
	Line int
}

// Error returns the problem as one line: file, entry, field, message and,
// when known, the line number.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	for _, part := range []string{p.Entry, p.Field} {
		if part != "" {
			b.WriteString(": ")
			b.WriteString(part)
		}
	}
	b.WriteString(": ")
	b.WriteString(p.Message)
	if p.Line > 0 {
		fmt.Fprintf(&b, " (line %d)", p.Line)
	}
	return b.String()
}

// ValidationError is the error Parse returns for invalid catalog files. It
// lists every problem found, services.yaml first, each file in file order.
type ValidationError struct {
	// Problems holds at least one problem.
	Problems []Problem
}

// Error returns the problems one per line.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems as errors, so errors.As can find a Problem.
func (e *ValidationError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// reporter records problems about one entry of one file, or about the file
// as a whole when entry is empty.
type reporter struct {
	problems *[]Problem
	file     string
	entry    string
}

// report records a problem with field, found on line (0 if unknown).
func (r *reporter) report(field string, line int, format string, args ...any) {
	*r.problems = append(*r.problems, Problem{
		File:    r.file,
		Entry:   r.entry,
		Field:   field,
		Message: fmt.Sprintf(format, args...),
		Line:    line,
	})
}
