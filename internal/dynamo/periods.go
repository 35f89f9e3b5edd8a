package dynamo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// periodItem is a month's close status. A month without one is open.
type periodItem struct {
	PK     string
	SK     string
	Type   string `dynamodbav:"type"`
	Month  string `dynamodbav:"month"`
	Status string `dynamodbav:"status"`
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

// MovePeriod moves a month from one status to the next (open → closing →
// closed), only if it is still in from: the steps of the month close.
func (s *Store) MovePeriod(ctx context.Context, m billing.Month, from, to billing.PeriodStatus) error {
	if err := billing.NextPeriodStatus(from, to); err != nil {
		return err
	}
	t := s.newTx()
	moved := errs.New(errs.Conflict, "month %s is no longer %s", m, from).WithCode("period_moved")
	t.put(periodItem{PK: periodPK(m), SK: periodSK, Type: "period", Month: m.String(), Status: string(to)}, statusIs(from), moved)
	return s.commit(ctx, t)
}
