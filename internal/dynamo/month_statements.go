package dynamo

import (
	"context"
	"fmt"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// MonthStatementsInFull is the month's period and every statement with
// activity, lines and all, in the order MonthStatements lists them: for a
// closed month the frozen statements, each checked against the checksum
// the close recorded; for an open one the preview, with the recurring
// lines the close would post. It reads the month's lines in one Query
// through the month index, not a statement at a time.
func (s *Store) MonthStatementsInFull(ctx context.Context, m billing.Month, b billing.Org) (billing.Period, []billing.Statement, error) {
	// The period first: once it reads closed, every line of the month is
	// posted, so the lines read next are the frozen ones.
	period, err := s.Period(ctx, m)
	if err != nil {
		return period, nil, err
	}
	if period.Status != billing.PeriodClosed {
		preview, err := s.previewLines(ctx, m, b)
		if err != nil {
			return period, nil, err
		}
		var out []billing.Statement
		for _, d := range b.Catalog.Departments() {
			if lines := preview[d.ID]; len(lines) > 0 {
				out = append(out, billing.NewStatement(m, d.ID, d.Name, d.CostCenter, lines))
			}
		}
		return period, out, nil
	}
	posted, err := s.monthLines(ctx, m)
	if err != nil {
		return period, nil, err
	}
	out := make([]billing.Statement, 0, len(period.Statements))
	for _, sum := range period.Statements {
		dept := catalog.Department{ID: sum.Department, Name: sum.DepartmentName, CostCenter: sum.CostCenter}
		st, err := frozen(period, dept, posted[sum.Department])
		if err != nil {
			return period, nil, err
		}
		out = append(out, st)
		delete(posted, sum.Department)
	}
	for dept, lines := range posted {
		return period, nil, fmt.Errorf("closed month %s: department %s has %d lines but no frozen statement", m, dept, len(lines))
	}
	return period, out, nil
}
