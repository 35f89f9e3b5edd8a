package billing

import (
	"cmp"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
)

// Org is what statements are computed from besides what is posted: the
// catalog (departments and prices) and the org's time zone, in which
// months and days are counted.
type Org struct {
	Catalog  *catalog.Catalog
	Location *time.Location
}

// Statement is one department's lines for one month: what it is charged.
// An open month's statement is a preview; a closed one never changes.
type Statement struct {
	Month          Month
	Department     string
	DepartmentName string
	CostCenter     string
	// Lines are ordered by ID, the order the CSV and its checksum use.
	Lines []Line
	// Total is the sum of the lines.
	Total decimal.Decimal
	// Closed statements carry when the month closed and the checksum of
	// their CSV as recorded then.
	Closed   bool
	ClosedAt time.Time
	Checksum string
}

// NewStatement is the statement of lines, put in ID order and summed.
func NewStatement(m Month, dept, name, costCenter string, lines []Line) Statement {
	lines = slices.Clone(lines)
	slices.SortFunc(lines, func(a, b Line) int { return cmp.Compare(a.ID, b.ID) })
	return Statement{Month: m, Department: dept, DepartmentName: name, CostCenter: costCenter, Lines: lines, Total: Sum(lines)}
}

// Sum is the sum of the lines' amounts.
func Sum(lines []Line) decimal.Decimal {
	total := decimal.Zero
	for _, l := range lines {
		total = total.Add(l.Amount)
	}
	return total
}

// Preview is an open month's lines: the posted ones and, for every
// recurring or credit line not posted yet, the line as the close would post
// it.
func Preview(posted, pending []Line) []Line {
	seen := make(map[string]bool, len(posted))
	for _, l := range posted {
		seen[l.ID] = true
	}
	out := slices.Clone(posted)
	for _, l := range pending {
		if !seen[l.ID] {
			out = append(out, l)
			seen[l.ID] = true
		}
	}
	return out
}

// ServiceTotal is what a statement charges for one service; ServiceID is
// empty for lines without a service (adjustments).
type ServiceTotal struct {
	ServiceID string
	Total     decimal.Decimal
}

// ByService is the statement's total per service, in service id order,
// with lines without a service last. The totals sum to Total.
func (s Statement) ByService() []ServiceTotal {
	totals := map[string]decimal.Decimal{}
	for _, l := range s.Lines {
		totals[l.ServiceID] = totals[l.ServiceID].Add(l.Amount)
	}
	out := make([]ServiceTotal, 0, len(totals))
	for id, t := range totals {
		out = append(out, ServiceTotal{ServiceID: id, Total: t})
	}
	slices.SortFunc(out, func(a, b ServiceTotal) int {
		if (a.ServiceID == "") != (b.ServiceID == "") {
			if a.ServiceID == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.ServiceID, b.ServiceID)
	})
	return out
}

// Summary is what the month close records of a statement, and what the
// month's list of statements shows.
type Summary struct {
	Department     string
	DepartmentName string
	CostCenter     string
	Lines          int
	Total          decimal.Decimal
	Checksum       string
}

// Summary is the statement in brief, with its checksum when closed.
func (s Statement) Summary() Summary {
	return Summary{
		Department: s.Department, DepartmentName: s.DepartmentName, CostCenter: s.CostCenter,
		Lines: len(s.Lines), Total: s.Total, Checksum: s.Checksum,
	}
}

// Freeze is the statement as the month close records it: closed at `at`,
// with the checksum of its CSV.
func (s Statement) Freeze(at time.Time) Statement {
	s.Closed, s.ClosedAt, s.Checksum = true, at, Checksum(s.CSV())
	return s
}
