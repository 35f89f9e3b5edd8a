package dynamo

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/satisfaction"
)

// CloseMonth closes month m for good, in steps that each leave the month
// ready for a rerun to finish the job (a crash or timeout between or within
// steps loses nothing and posts nothing twice):
//
//  1. open → closing: from then on no line can enter the month;
//  2. once the subscription index has caught up (see WithIndexLag), post
//     each running subscription's recurring line (and first-month SLA
//     credit), in batches; a line's key and content are fixed by the
//     subscription and the month, so writing it again changes nothing;
//  3. freeze each statement: read its lines, record its total and the
//     checksum of its CSV, and mark the month closed with the month's total,
//     in one conditional write.
//
// A month already closed is returned unchanged; a month that is not over
// at now (billing.CheckOver) is a conflict.
//
// Open inquiries about the month's lines are carried: they stay open, and
// a credit granted on one later goes into the current month
// (ChangeInquiry). CloseReviewed refuses instead.
func (s *Store) CloseMonth(ctx context.Context, m billing.Month, by string, now time.Time, b billing.Org) (billing.Period, error) {
	return s.closeMonth(ctx, m, by, now, b, true)
}

// CloseReviewed is CloseMonth for finance: while inquiries about month m's
// lines are open it refuses to begin the close (409 inquiries_open,
// listing their ids) unless carry says to carry them. The check is part of
// the write that moves the month to closing, against the month's count of
// open inquiries that every open, resolve and withdraw moves in its own
// transaction, so an inquiry opened at the same moment is either counted
// (the close is refused) or opened on a closing month (and carried). A
// close already under way is finished either way.
func (s *Store) CloseReviewed(ctx context.Context, m billing.Month, by string, now time.Time, b billing.Org, carry bool) (billing.Period, error) {
	return s.closeMonth(ctx, m, by, now, b, carry)
}

func (s *Store) closeMonth(ctx context.Context, m billing.Month, by string, now time.Time, b billing.Org, carry bool) (billing.Period, error) {
	if err := billing.CheckOver(m, now, b.Location); err != nil {
		return billing.Period{}, err
	}
	p, err := s.Period(ctx, m)
	if err != nil || p.Status == billing.PeriodClosed {
		return p, err
	}
	if p.Status == billing.PeriodOpen {
		p = billing.Period{Month: m, Status: billing.PeriodClosing, ClosingAt: now}
		err := s.beginClose(ctx, p, carry)
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
	if err := s.awaitIndex(ctx, p.ClosingAt, now); err != nil {
		return p, err
	}
	if err := s.postRecurring(ctx, m, b, b.Catalog.Departments()); err != nil {
		return p, err
	}
	return s.freeze(ctx, m, by, now, b.Catalog.Departments(), b.Location)
}

// CloseScheduled is the scheduled close: it closes the month the schedule
// closes at now (billing.ScheduledClose) as billing.SchedulerPrincipal. A
// rerun finishes what an interrupted close began.
func (s *Store) CloseScheduled(ctx context.Context, now time.Time, b billing.Org) (billing.Period, error) {
	return s.CloseMonth(ctx, billing.ScheduledClose(now, b.Location), billing.SchedulerPrincipal, now, b)
}

// awaitIndex waits, when the close began less than the store's index lag
// ago, for the rest of it: the subscriptions are read from a global
// secondary index, which DynamoDB updates a moment after the write, and a
// subscription fulfilled (or ended) just before the month became closing
// must be seen as it now is.
func (s *Store) awaitIndex(ctx context.Context, closingAt, now time.Time) error {
	wait := s.indexWait(closingAt, now)
	if wait <= 0 {
		return nil
	}
	select {
	case <-ctx.Done():
		return storeErr("wait for the index", ctx.Err())
	case <-time.After(wait):
		return nil
	}
}

// indexWait is what is left of the index lag at now, for a close that
// began at closingAt: never more than the lag (a clock set back), never
// less than nothing (a rerun long after).
func (s *Store) indexWait(closingAt, now time.Time) time.Duration {
	return min(s.indexLag, max(0, s.indexLag-now.Sub(closingAt)))
}

// postRecurring posts the lines the departments' subscriptions owe for m,
// with a copy of each on its request.
func (s *Store) postRecurring(ctx context.Context, m billing.Month, b billing.Org, depts []catalog.Department) error {
	pending, err := s.pendingByDepartment(ctx, m, b, depts)
	if err != nil {
		return err
	}
	var items []any
	for _, lines := range pending {
		for _, l := range lines {
			items = append(items, toLineItem(l), toChargeItem(l))
		}
	}
	return s.putAll(ctx, items)
}

// freeze records every statement of m with activity and the month's report
// figures, and marks the month closed. When another close got there first, the month as it closed is
// returned.
func (s *Store) freeze(ctx context.Context, m billing.Month, by string, now time.Time, depts []catalog.Department, loc *time.Location) (billing.Period, error) {
	p := billing.Period{Month: m, Status: billing.PeriodClosed, ClosedAt: now, ClosedBy: by}
	lines := make([][]billing.Line, len(depts))
	err := each(ctx, len(depts), func(ctx context.Context, i int) error {
		var err error
		lines[i], err = s.Lines(ctx, m, depts[i].ID)
		return err
	})
	if err != nil {
		return p, err
	}
	var facts satisfaction.Facts
	for i, d := range depts {
		if len(lines[i]) == 0 {
			continue
		}
		st := billing.NewStatement(m, d.ID, d.Name, d.CostCenter, lines[i]).Freeze(now)
		p.Statements = append(p.Statements, st.Summary())
		p.Total = p.Total.Add(st.Total)
		facts.Lines = append(facts.Lines, lines[i]...)
	}
	if facts.Submitted, err = s.submitted(ctx, m, loc); err != nil {
		return p, err
	}
	if facts.Fulfilled, err = s.fulfilled(ctx, m); err != nil {
		return p, err
	}
	// The month is closing, so its facts are fixed: writing its figures
	// again on a rerun writes the same items.
	if err := s.putAll(ctx, toTallyItems(m, satisfaction.TallyMonth(facts))); err != nil {
		return p, err
	}
	err = s.putPeriod(ctx, p, billing.PeriodClosing)
	if isMoved(err) {
		return s.Period(ctx, m)
	}
	return p, err
}

// beginClose moves a month from open to closing; unless carry, only while
// none of its inquiries is open (inquiries_open, with their ids).
func (s *Store) beginClose(ctx context.Context, p billing.Period, carry bool) error {
	if carry {
		return s.putPeriod(ctx, p, billing.PeriodOpen)
	}
	t := s.newTx()
	t.put(toPeriodItem(p), statusIs(billing.PeriodOpen), errPeriodMoved)
	t.check(key(periodPK(p.Month), periodInquiriesSK), cond{
		expr: "attribute_not_exists(PK) OR #open = :zero", names: map[string]string{"#open": "open"},
		values: map[string]types.AttributeValue{":zero": &types.AttributeValueMemberN{Value: "0"}},
	}, errInquiriesOpen)
	err := s.commit(ctx, t)
	if !errors.Is(err, errInquiriesOpen) {
		return err
	}
	ids, err := s.openInquiryIDs(ctx, p.Month)
	if err != nil {
		return err
	}
	e := errs.New(errs.Conflict, "%d inquiries about %s's lines are open: resolve them first, or close with carry_open_inquiries", len(ids), p.Month).WithCode("inquiries_open")
	e.Extra = map[string]any{"inquiries": ids}
	return e
}

// errInquiriesOpen means a close that does not carry them met open
// inquiries.
var errInquiriesOpen = errs.New(errs.Conflict, "the month has open inquiries").WithCode("inquiries_open")
