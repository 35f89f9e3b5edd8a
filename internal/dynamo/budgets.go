package dynamo

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// budgetItem is one department's budget for one fiscal year.
type budgetItem struct {
	PK         string
	SK         string
	Type       string `dynamodbav:"type"`
	Year       string `dynamodbav:"year"`
	Department string `dynamodbav:"department"`
	Amount     string `dynamodbav:"amount"`
	Thresholds []int  `dynamodbav:"thresholds"`
	Version    int    `dynamodbav:"version"`
	UpdatedAt  string `dynamodbav:"updated_at"`
	UpdatedBy  string `dynamodbav:"updated_by"`
}

func toBudgetItem(b billing.Budget) budgetItem {
	return budgetItem{
		PK: budgetsPK(b.Year), SK: budgetSK(b.Department), Type: "budget", Year: b.Year.String(),
		Department: b.Department, Amount: formatDecimal(b.Amount), Thresholds: b.Thresholds,
		Version: b.Version, UpdatedAt: formatTime(b.UpdatedAt), UpdatedBy: b.UpdatedBy,
	}
}

// budget reads the item back as a budget of fiscal year y (the item's
// year is y's, since its partition is).
func (it budgetItem) budget(y billing.FiscalYear) (billing.Budget, error) {
	p := parser{what: "budget " + it.Year + " " + it.Department}
	b := billing.Budget{
		Year: y, Department: it.Department, Amount: p.decimal("amount", it.Amount), Thresholds: it.Thresholds,
		Version: it.Version, UpdatedAt: p.time("updated_at", it.UpdatedAt), UpdatedBy: it.UpdatedBy,
	}
	return b, p.err
}

// errBudgetMoved means another write changed the budget between the read
// and the write.
var errBudgetMoved = errs.New(errs.Conflict, "the budget changed meanwhile; read it again").WithCode("version_conflict")

// Budget reads a department's budget for fiscal year y, strongly
// consistent; nil when it has none.
func (s *Store) Budget(ctx context.Context, y billing.FiscalYear, dept string) (*billing.Budget, error) {
	var out *dynamodb.GetItemOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: &s.table, Key: key(budgetsPK(y), budgetSK(dept)), ConsistentRead: aws.Bool(true),
		})
		return storeErr("get budget", err)
	})
	if err != nil || out.Item == nil {
		return nil, err
	}
	var it budgetItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, err
	}
	b, err := it.budget(y)
	return &b, err
}

// Budgets reads every budget of fiscal year y, by department: one Query
// of the year's partition (its budgets, not its threshold crossings).
func (s *Store) Budgets(ctx context.Context, y billing.FiscalYear) (map[string]billing.Budget, error) {
	out := map[string]billing.Budget{}
	in := partitionQuery(s.table, budgetsPK(y))
	in.KeyConditionExpression = aws.String("PK = :pk AND begins_with(SK, :dept)")
	in.ExpressionAttributeValues[":dept"] = &types.AttributeValueMemberS{Value: budgetSK("")}
	err := s.queryAll(ctx, "query budgets", in, func(raw map[string]types.AttributeValue) error {
		var it budgetItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		b, err := it.budget(y)
		out[b.Department] = b
		return err
	})
	return out, err
}

// SetBudget writes a department's budget for fiscal year y as change makes
// it from the one stored (nil when there is none), with the next version,
// on condition that the stored one has not moved since it was read; when
// it has, it reads again and calls change again (which may refuse, as a
// stale If-Match does). It reports whether the budget is new.
func (s *Store) SetBudget(ctx context.Context, y billing.FiscalYear, dept string, change func(*billing.Budget) (billing.Budget, error)) (billing.Budget, bool, error) {
	var (
		next    billing.Budget
		created bool
	)
	done, err := withRetries(ctx, func(int) (bool, error) {
		cur, err := s.Budget(ctx, y, dept)
		if err != nil {
			return false, err
		}
		if next, err = change(cur); err != nil {
			return false, err
		}
		next.Year, next.Department, next.Version = y, dept, 1
		c := notExists
		if cur != nil {
			next.Version = cur.Version + 1
			c = cond{
				expr:   "#version = :version",
				names:  map[string]string{"#version": "version"},
				values: map[string]types.AttributeValue{":version": &types.AttributeValueMemberN{Value: strconv.Itoa(cur.Version)}},
			}
		}
		created = cur == nil
		t := s.newTx()
		t.put(toBudgetItem(next), c, errBudgetMoved)
		if err := s.commit(ctx, t); errors.Is(err, errBudgetMoved) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		return true, nil
	})
	if err == nil && !done {
		err = errBudgetMoved
	}
	return next, created, err
}

// crossingItem records that a department's forecast reached one of its
// budget's thresholds in a fiscal year: written once, never changed, so
// the stream publishes budget.threshold_crossed once per threshold,
// department and year.
type crossingItem struct {
	PK          string
	SK          string
	Type        string `dynamodbav:"type"`
	Year        string `dynamodbav:"year"`
	Department  string `dynamodbav:"department"`
	Threshold   int    `dynamodbav:"threshold"`
	At          string `dynamodbav:"at"`
	Forecast    string `dynamodbav:"forecast"`
	Budget      string `dynamodbav:"budget"`
	UsedPercent string `dynamodbav:"used_percent"`
}

// RecordCrossings records each threshold of f's budget that f is at or
// past and that the department had not reached before in the year, each
// with a write conditional on its not being recorded yet: a threshold
// recorded once stays recorded, whatever the forecast does after. It
// reports the thresholds it recorded now.
func (s *Store) RecordCrossings(ctx context.Context, f billing.Forecast, now time.Time) ([]int, error) {
	if f.Budget == nil {
		return nil, nil
	}
	var recorded []int
	for _, t := range f.Budget.Crossed(f.Total) {
		it := crossingItem{
			PK: budgetsPK(f.Year), SK: crossingSK(f.Department, t), Type: "budget_crossing", Year: f.Year.String(),
			Department: f.Department, Threshold: t, At: formatTime(now), Forecast: formatDecimal(f.Total),
			Budget: formatDecimal(f.Budget.Amount), UsedPercent: f.UsedPercent.StringFixed(1),
		}
		w := s.newTx()
		w.put(it, notExists, errCrossed)
		switch err := s.commit(ctx, w); {
		case errors.Is(err, errCrossed):
		case err != nil:
			return recorded, err
		default:
			recorded = append(recorded, t)
		}
	}
	return recorded, nil
}

// errCrossed means the threshold's crossing was recorded before.
var errCrossed = errs.New(errs.Conflict, "the threshold was crossed before")
