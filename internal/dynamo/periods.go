package dynamo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// periodItem is a month's close status. A month without one is open. Once
// closed it holds the month's total and a summary of each statement (never
// their lines, which stay one item each in the statement's partition).
type periodItem struct {
	PK         string
	SK         string
	Type       string        `dynamodbav:"type"`
	Month      string        `dynamodbav:"month"`
	Status     string        `dynamodbav:"status"`
	ClosingAt  string        `dynamodbav:"closing_at,omitempty"`
	ClosedAt   string        `dynamodbav:"closed_at,omitempty"`
	ClosedBy   string        `dynamodbav:"closed_by,omitempty"`
	Total      string        `dynamodbav:"total,omitempty"`
	Statements []summaryItem `dynamodbav:"statements,omitempty"`
}

// summaryItem is a statement as the close froze it.
type summaryItem struct {
	Department     string `dynamodbav:"department"`
	DepartmentName string `dynamodbav:"department_name"`
	CostCenter     string `dynamodbav:"cost_center"`
	Lines          int    `dynamodbav:"lines"`
	Total          string `dynamodbav:"total"`
	Checksum       string `dynamodbav:"checksum"`
}

func toPeriodItem(p billing.Period) periodItem {
	it := periodItem{
		PK: periodPK(p.Month), SK: periodSK, Type: "period", Month: p.Month.String(), Status: string(p.Status),
		ClosingAt: formatTime(p.ClosingAt), ClosedAt: formatTime(p.ClosedAt), ClosedBy: p.ClosedBy,
	}
	if p.Status == billing.PeriodClosed {
		it.Total = formatDecimal(p.Total)
	}
	for _, s := range p.Statements {
		it.Statements = append(it.Statements, summaryItem{
			Department: s.Department, DepartmentName: s.DepartmentName, CostCenter: s.CostCenter,
			Lines: s.Lines, Total: formatDecimal(s.Total), Checksum: s.Checksum,
		})
	}
	return it
}

func (it periodItem) period() (billing.Period, error) {
	p := parser{what: "period " + it.Month}
	out := billing.Period{
		Month: p.month("month", it.Month), Status: billing.PeriodStatus(it.Status), ClosingAt: p.time("closing_at", it.ClosingAt),
		ClosedAt: p.time("closed_at", it.ClosedAt), ClosedBy: it.ClosedBy, Total: p.decimal("total", it.Total),
	}
	for _, s := range it.Statements {
		out.Statements = append(out.Statements, billing.Summary{
			Department: s.Department, DepartmentName: s.DepartmentName, CostCenter: s.CostCenter,
			Lines: s.Lines, Total: p.decimal("statement total", s.Total), Checksum: s.Checksum,
		})
	}
	return out, p.err
}

// Period reads a month's close status, strongly consistent; a month
// nobody has started closing is open.
func (s *Store) Period(ctx context.Context, m billing.Month) (billing.Period, error) {
	var out *dynamodb.GetItemOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: &s.table, Key: key(periodPK(m), periodSK), ConsistentRead: aws.Bool(true),
		})
		return storeErr("get period", err)
	})
	if err != nil {
		return billing.Period{}, err
	}
	if out.Item == nil {
		return billing.Period{Month: m, Status: billing.PeriodOpen}, nil
	}
	var it periodItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return billing.Period{}, err
	}
	return it.period()
}

// statusIs is the condition that a period is in status: an open month may
// have no item yet.
func statusIs(status billing.PeriodStatus) cond {
	c := cond{
		expr:   "#status = :status",
		names:  map[string]string{"#status": "status"},
		values: map[string]types.AttributeValue{":status": &types.AttributeValueMemberS{Value: string(status)}},
	}
	if status == billing.PeriodOpen {
		c.expr = "attribute_not_exists(PK) OR " + c.expr
	}
	return c
}

// checkOpen adds to t the check that month takes new lines.
func (s *Store) checkOpen(t *tx, m billing.Month) {
	t.check(key(periodPK(m), periodSK), statusIs(billing.PeriodOpen), ErrPeriodClosed)
}

// errPeriodMoved means another close moved the month first.
var errPeriodMoved = errs.New(errs.Conflict, "the month's status changed meanwhile").WithCode("period_moved")

// MovePeriod moves a month from one status to the next (open → closing),
// only if it is still in from: the first step of the month close.
func (s *Store) MovePeriod(ctx context.Context, m billing.Month, from, to billing.PeriodStatus) error {
	return s.putPeriod(ctx, billing.Period{Month: m, Status: to}, from)
}

// putPeriod writes p, only if the month is still in status from and may
// move to p's status.
func (s *Store) putPeriod(ctx context.Context, p billing.Period, from billing.PeriodStatus) error {
	if err := billing.NextPeriodStatus(from, p.Status); err != nil {
		return err
	}
	t := s.newTx()
	t.put(toPeriodItem(p), statusIs(from), errPeriodMoved)
	// Every posting transaction checks the period item, so the write can
	// meet one in flight: commit tries again a little later.
	return s.commit(ctx, t)
}

// isMoved reports whether err is a period write that lost to another.
func isMoved(err error) bool { return errors.Is(err, errPeriodMoved) }
