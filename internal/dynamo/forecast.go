package dynamo

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// Forecasts are the departments' forecasts for fiscal year y as seen at
// now, in the order given (billing.NewForecast over what this reads). The
// reads grow with the year's months, the departments' subscriptions and
// open requests, never with the year's requests: a closed month is one
// read of its period's frozen summary; an open month is its department's
// statement partition and running subscriptions, as its statement shows
// them.
func (s *Store) Forecasts(ctx context.Context, y billing.FiscalYear, depts []catalog.Department, b billing.Org, now time.Time) ([]billing.Forecast, error) {
	current := billing.MonthOf(now, b.Location)
	var months []billing.Month
	for _, m := range y.Months() {
		if !current.Before(m) {
			months = append(months, m)
		}
	}
	periods := make([]billing.Period, len(months))
	var budgets map[string]billing.Budget
	var openKeys []map[string]types.AttributeValue
	err := each(ctx, len(months)+2, func(ctx context.Context, i int) error {
		var err error
		switch i {
		case len(months):
			budgets, err = s.Budgets(ctx, y)
		case len(months) + 1:
			openKeys, err = s.openKeys(ctx, depts)
		default:
			periods[i], err = s.Period(ctx, months[i])
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	facts := make([]billing.ForecastFacts, len(depts))
	err = each(ctx, len(depts), func(ctx context.Context, i int) error {
		d := depts[i].ID
		f := billing.ForecastFacts{Year: y, Department: d, Current: current}
		if bud, ok := budgets[d]; ok {
			f.Budget = &bud
		}
		for _, p := range periods {
			total, err := s.monthTotal(ctx, p, d, b)
			if err != nil {
				return err
			}
			f.Months = append(f.Months, billing.MonthTotal{Month: p.Month, Total: total, Closed: p.Status == billing.PeriodClosed})
		}
		if !y.Last().Before(current.Next()) {
			subs, err := s.subscriptions(ctx, current.Next(), d, b.Location)
			if err != nil {
				return err
			}
			f.Subscriptions = subs
		}
		facts[i] = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Read only now, after the lines: a request fulfilled before the lines
	// were read reads fulfilled here, so its charge is never also committed.
	open, err := s.openRequests(ctx, openKeys)
	if err != nil {
		return nil, err
	}
	for i := range facts {
		for _, r := range open {
			if r.Department == facts[i].Department {
				facts[i].Open = append(facts[i].Open, billing.OpenRequest{
					RequestID: r.ID, ServiceID: r.ServiceID, Status: string(r.Status),
					Monthly: r.Pricing == catalog.Monthly, Estimate: r.EstimatedCharge,
				})
			}
		}
	}
	out := make([]billing.Forecast, len(facts))
	for i, f := range facts {
		if out[i], err = billing.NewForecast(f, b); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// monthTotal is a department's statement total for month p: the frozen
// summary's of a closed month (none is zero), else its preview's.
func (s *Store) monthTotal(ctx context.Context, p billing.Period, dept string, b billing.Org) (total decimal.Decimal, err error) {
	if p.Status == billing.PeriodClosed {
		for _, sum := range p.Statements {
			if sum.Department == dept {
				return sum.Total, nil
			}
		}
		return total, nil
	}
	var posted, pending []billing.Line
	err = each(ctx, 2, func(ctx context.Context, i int) error {
		var err error
		if i == 0 {
			posted, err = s.Lines(ctx, p.Month, dept)
		} else {
			pending, err = s.pendingLines(ctx, p.Month, dept, b)
		}
		return err
	})
	for _, l := range billing.Preview(posted, pending) {
		total = total.Add(l.Amount)
	}
	return total, err
}

// openKeys are the keys of the requests not yet fulfilled (of the one
// department when one is given, else of every department), from the
// open-request index, which may lag the table.
func (s *Store) openKeys(ctx context.Context, depts []catalog.Department) ([]map[string]types.AttributeValue, error) {
	in := &dynamodb.QueryInput{
		TableName: &s.table, IndexName: aws.String(indexOpen),
		KeyConditionExpression:    aws.String("GSI3PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: openPK}},
		ProjectionExpression:      aws.String("PK, SK"),
	}
	if len(depts) == 1 {
		in.FilterExpression = aws.String("#dept = :dept")
		in.ExpressionAttributeNames = map[string]string{"#dept": "department"}
		in.ExpressionAttributeValues[":dept"] = &types.AttributeValueMemberS{Value: depts[0].ID}
	}
	var keys []map[string]types.AttributeValue
	err := s.queryAll(ctx, "query open requests", in, func(raw map[string]types.AttributeValue) error {
		keys = append(keys, map[string]types.AttributeValue{"PK": raw["PK"], "SK": raw["SK"]})
		return nil
	})
	return keys, err
}

// openRequests reads the requests with these keys again from the table,
// strongly consistent, keeping those still open: a request whose charge
// was just posted is never still counted as committed.
func (s *Store) openRequests(ctx context.Context, keys []map[string]types.AttributeValue) ([]*request.Request, error) {
	var out []*request.Request
	err := s.getAll(ctx, keys, keepOpen(&out))
	return out, err
}
