package dynamo

import (
	"context"
	"time"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// CloseMonth closes month m for good, in steps that each leave the month
// ready for a rerun to finish the job (a crash or timeout between or within
// steps loses nothing and posts nothing twice):
//
//  1. open → closing: from then on no line can enter the month;
//  2. post each running subscription's recurring line (and first-month SLA
//     credit), in batches; a line's key and content are fixed by the
//     subscription and the month, so writing it again changes nothing;
//  3. freeze each statement: read its lines, record its total and the
//     checksum of its CSV, and mark the month closed with the month's total,
//     in one conditional write.
//
// A month already closed is returned unchanged. The caller checks that the
// month is over.
func (s *Store) CloseMonth(ctx context.Context, m billing.Month, by string, now time.Time, b billing.Books) (billing.Period, error) {
	p, err := s.Period(ctx, m)
	if err != nil || p.Status == billing.PeriodClosed {
		return p, err
	}
	if p.Status == billing.PeriodOpen {
		err := s.MovePeriod(ctx, m, billing.PeriodOpen, billing.PeriodClosing)
		if isMoved(err) {
			// Another close started first; finish alongside it unless it
			// is already done.
			if p, err = s.Period(ctx, m); err != nil || p.Status == billing.PeriodClosed {
				return p, err
			}
		}
		if err != nil {
			return p, err
		}
	}
	if err := s.postRecurring(ctx, m, b, b.Catalog.Departments()); err != nil {
		return p, err
	}
	return s.freeze(ctx, m, by, now, b.Catalog.Departments())
}

// postRecurring posts the lines the departments' subscriptions owe for m,
// with a copy of each on its request.
func (s *Store) postRecurring(ctx context.Context, m billing.Month, b billing.Books, depts []catalog.Department) error {
	for _, d := range depts {
		lines, err := s.pendingLines(ctx, m, d.ID, b)
		if err != nil {
			return err
		}
		items := make([]any, 0, 2*len(lines))
		for _, l := range lines {
			items = append(items, toLineItem(l), toChargeItem(l))
		}
		if err := s.putAll(ctx, items); err != nil {
			return err
		}
	}
	return nil
}

// freeze records every statement of m with activity and marks the month
// closed. When another close got there first, the month as it closed is
// returned.
func (s *Store) freeze(ctx context.Context, m billing.Month, by string, now time.Time, depts []catalog.Department) (billing.Period, error) {
	p := billing.Period{Month: m, Status: billing.PeriodClosed, ClosedAt: now, ClosedBy: by}
	for _, d := range depts {
		lines, err := s.Lines(ctx, m, d.ID)
		if err != nil {
			return p, err
		}
		if len(lines) == 0 {
			continue
		}
		st := billing.NewStatement(m, d.ID, d.Name, d.CostCenter, lines).Freeze(now)
		p.Statements = append(p.Statements, st.Summary())
		p.Total = p.Total.Add(st.Total)
	}
	err := s.putPeriod(ctx, p, billing.PeriodClosing)
	if isMoved(err) {
		return s.Period(ctx, m)
	}
	return p, err
}
