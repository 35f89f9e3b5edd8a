package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/idempotency"
)

// Statement is one department's statement for a month. A closed month's is
// read from what the close froze, and its CSV must still match the checksum
// recorded then; an open month's is a preview: the posted lines and each
// running subscription's lines as the close would post them.
func (s *Store) Statement(ctx context.Context, m billing.Month, dept catalog.Department, b billing.Org) (billing.Statement, billing.Period, error) {
	// The three reads are independent: make them at once. The pending lines
	// are only used while the month is not closed; lines posted meanwhile
	// win over their pending twins (Preview), so the order does not matter.
	var period billing.Period
	var posted, pending []billing.Line
	err := each(ctx, 3, func(ctx context.Context, i int) error {
		var err error
		switch i {
		case 0:
			period, err = s.Period(ctx, m)
		case 1:
			posted, err = s.Lines(ctx, m, dept.ID)
		default:
			pending, err = s.pendingLines(ctx, m, dept.ID, b)
		}
		return err
	})
	if err != nil {
		return billing.Statement{}, period, err
	}
	if period.Status != billing.PeriodClosed {
		return billing.NewStatement(m, dept.ID, dept.Name, dept.CostCenter, billing.Preview(posted, pending)), period, nil
	}
	st, err := frozen(period, dept, posted)
	if err != nil {
		// The lines may have been read while the close was still posting
		// them: read them again, now that it is done, before calling it a
		// broken statement.
		if posted, err = s.Lines(ctx, m, dept.ID); err == nil {
			st, err = frozen(period, dept, posted)
		}
	}
	return st, period, err
}

// frozen is a closed month's statement from its lines and the summary the
// close recorded; a department without activity that month gets an empty
// closed statement. A statement whose CSV no longer matches its recorded
// checksum is an error: a closed month never changes.
func frozen(p billing.Period, dept catalog.Department, lines []billing.Line) (billing.Statement, error) {
	for _, sum := range p.Statements {
		if sum.Department != dept.ID {
			continue
		}
		st := billing.NewStatement(p.Month, dept.ID, sum.DepartmentName, sum.CostCenter, lines)
		st.Closed, st.ClosedAt, st.Checksum = true, p.ClosedAt, sum.Checksum
		if got := billing.Checksum(st.CSV()); got != sum.Checksum || len(lines) != sum.Lines {
			return st, fmt.Errorf("closed statement %s/%s: %d lines with %s, but the close recorded %d lines with %s",
				p.Month, dept.ID, len(lines), got, sum.Lines, sum.Checksum)
		}
		return st, nil
	}
	if len(lines) > 0 {
		return billing.Statement{}, fmt.Errorf("closed month %s: department %s has %d lines but no frozen statement", p.Month, dept.ID, len(lines))
	}
	return billing.NewStatement(p.Month, dept.ID, dept.Name, dept.CostCenter, nil).Freeze(p.ClosedAt), nil
}

// MonthStatements is the month's period and a summary of each statement
// with activity, in catalog department order: as frozen for a closed
// month, else computed as Statement computes it.
func (s *Store) MonthStatements(ctx context.Context, m billing.Month, b billing.Org) (billing.Period, []billing.Summary, error) {
	period, err := s.Period(ctx, m)
	if err != nil || period.Status == billing.PeriodClosed {
		return period, period.Statements, err
	}
	preview, err := s.previewLines(ctx, m, b)
	if err != nil {
		return period, nil, err
	}
	var out []billing.Summary
	for _, d := range b.Catalog.Departments() {
		if lines := preview[d.ID]; len(lines) > 0 {
			out = append(out, billing.NewStatement(m, d.ID, d.Name, d.CostCenter, lines).Summary())
		}
	}
	return period, out, nil
}

// previewLines is an open month's lines by department, as its statements
// show them: the lines posted so far and, for each catalog department, the
// lines its running subscriptions would post if the month closed now
// (billing.Preview). Lines of a department no longer in the catalog are
// kept as posted.
func (s *Store) previewLines(ctx context.Context, m billing.Month, b billing.Org) (map[string][]billing.Line, error) {
	posted, err := s.monthLines(ctx, m)
	if err != nil {
		return nil, err
	}
	depts := b.Catalog.Departments()
	pending, err := s.pendingByDepartment(ctx, m, b, depts)
	if err != nil {
		return nil, err
	}
	for i, d := range depts {
		if lines := billing.Preview(posted[d.ID], pending[i]); len(lines) > 0 {
			posted[d.ID] = lines
		}
	}
	return posted, nil
}

// pendingByDepartment is pendingLines for each department, in the order
// given, read a few departments at a time.
func (s *Store) pendingByDepartment(ctx context.Context, m billing.Month, b billing.Org, depts []catalog.Department) ([][]billing.Line, error) {
	out := make([][]billing.Line, len(depts))
	err := each(ctx, len(depts), func(ctx context.Context, i int) error {
		var err error
		out[i], err = s.pendingLines(ctx, m, depts[i].ID, b)
		return err
	})
	return out, err
}

// monthLines reads every posted line of a month through the month's index
// partition, in Query pages, by department.
func (s *Store) monthLines(ctx context.Context, m billing.Month) (map[string][]billing.Line, error) {
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(indexAll),
		KeyConditionExpression:    aws.String("GSI2PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: monthLinesPK(m)}},
	}
	out := map[string][]billing.Line{}
	err := s.queryAll(ctx, "query month lines", in, func(raw map[string]types.AttributeValue) error {
		l, err := readLine(raw)
		out[l.Department] = append(out[l.Department], l)
		return err
	})
	return out, err
}

// pendingLines are the lines a department's subscriptions would post if
// month m closed now.
func (s *Store) pendingLines(ctx context.Context, m billing.Month, dept string, b billing.Org) ([]billing.Line, error) {
	subs, err := s.subscriptions(ctx, m, dept, b.Location)
	if err != nil {
		return nil, err
	}
	var lines []billing.Line
	for _, sub := range subs {
		svc, ok := b.Catalog.Service(sub.ServiceID)
		if !ok {
			return nil, fmt.Errorf("subscription %s: service %q is not in the catalog", sub.RequestID, sub.ServiceID)
		}
		more, err := sub.Lines(m, svc.PriceOn, b.Location)
		if err != nil {
			return nil, err
		}
		lines = append(lines, more...)
	}
	return lines, nil
}

// subscriptions are a department's subscriptions that run in month m,
// read from the subscription index: those that had not ended by the
// month's start, in Query pages.
func (s *Store) subscriptions(ctx context.Context, m billing.Month, dept string, loc *time.Location) ([]billing.Subscription, error) {
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(indexOpen),
		KeyConditionExpression: aws.String("GSI3PK = :pk AND GSI3SK >= :from"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk":   &types.AttributeValueMemberS{Value: subscriptionsPK(dept)},
			":from": &types.AttributeValueMemberS{Value: subscriptionsFrom(m, loc)},
		},
	}
	var subs []billing.Subscription
	err := s.queryAll(ctx, "query subscriptions", in, func(raw map[string]types.AttributeValue) error {
		var it requestItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		r, err := it.request()
		if err != nil {
			return err
		}
		if sub, ok := r.Subscription(); ok && sub.RunsIn(m, loc) {
			subs = append(subs, sub)
		}
		return nil
	})
	return subs, err
}

// PostLine posts one line (an adjustment) into its month, only while the
// month is open; with once, exactly once per Idempotency-Key.
func (s *Store) PostLine(ctx context.Context, l billing.Line, once *idempotency.Once) (*idempotency.Reply, error) {
	t := s.newTx()
	s.checkOpen(t, l.Month)
	t.put(toLineItem(l), notExists, ErrLinePosted)
	return s.commitOnce(ctx, once, t)
}
