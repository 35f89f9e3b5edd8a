package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// serviceFields are the lines of a valid service, in file order.
var serviceFields = []string{
	"id: ehr-account",
	"name: EHR user account",
	"category: Clinical Applications",
	"description: New EHR login with role-based access.",
	"owner: Clinical Applications Team",
	"unit: user",
	"pricing: one_time",
	`prices: [{effective: 2025-01-01, unit_price: "25.00"}, {effective: 2026-01-01, unit_price: "30.00"}]`,
	"sla_hours: 24",
	"sla_credit_percent: 10",
	"approval: required",
	"active: true",
}

// departmentFields are the lines of a valid department, in file order.
var departmentFields = []string{
	"id: radiology",
	"name: Radiology",
	"cost_center: CC-4100",
	"active: true",
}

// entry renders one YAML list item from the lines of a valid entry, with
// edits applied in order: "key: value" replaces the line of key, or is
// appended when there is none; "+key: value" is always appended (to set a
// key twice); "-key" removes the line of key.
func entry(base []string, edits ...string) string {
	lines := slices.Clone(base)
	for _, e := range edits {
		switch {
		case strings.HasPrefix(e, "-"):
			lines = slices.DeleteFunc(lines, func(l string) bool { return keyOf(l) == e[1:] })
		case strings.HasPrefix(e, "+"):
			lines = append(lines, e[1:])
		default:
			if i := slices.IndexFunc(lines, func(l string) bool { return keyOf(l) == keyOf(e) }); i >= 0 {
				lines[i] = e
			} else {
				lines = append(lines, e)
			}
		}
	}
	var b strings.Builder
	for i, l := range lines {
		if i == 0 {
			b.WriteString("  - ")
		} else {
			b.WriteString("    ")
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// keyOf returns the key of a "key: value" line.
func keyOf(line string) string {
	k, _, _ := strings.Cut(line, ":")
	return k
}

// servicesDoc renders a services file holding entries.
func servicesDoc(entries ...string) []byte {
	return []byte("services:\n" + strings.Join(entries, ""))
}

// departmentsDoc renders a departments file holding entries.
func departmentsDoc(entries ...string) []byte {
	return []byte("departments:\n" + strings.Join(entries, ""))
}

// oneService renders a services file holding the valid service with edits.
func oneService(edits ...string) []byte {
	return servicesDoc(entry(serviceFields, edits...))
}

// oneDepartment renders a departments file holding the valid department
// with edits.
func oneDepartment(edits ...string) []byte {
	return departmentsDoc(entry(departmentFields, edits...))
}

// mustParse parses the files and fails the test if they are invalid.
func mustParse(t *testing.T, services, departments []byte) *Catalog {
	t.Helper()
	c, err := Parse(services, departments)
	if err != nil {
		t.Fatalf("Parse: got error\n%v\nwant none", err)
	}
	return c
}

// dec parses a decimal literal of a test.
func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad decimal %q in test: %v", s, err)
	}
	return d
}

// equateDecimals compares decimals by value, so "10" equals "10.00".
var equateDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
