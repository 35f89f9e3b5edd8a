package httpapi_test

import (
	"context"
	"time"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// The fuzz store holds no budgets: every department answers budget null,
// and a set budget is new at version 1 and then forgotten.

func (s *fuzzStore) Budget(context.Context, billing.FiscalYear, string) (*billing.Budget, error) {
	return nil, nil
}

func (s *fuzzStore) Budgets(context.Context, billing.FiscalYear) (map[string]billing.Budget, error) {
	return nil, nil
}

func (s *fuzzStore) SetBudget(_ context.Context, y billing.FiscalYear, dept string, change func(*billing.Budget) (billing.Budget, error)) (billing.Budget, bool, error) {
	b, err := change(nil)
	b.Year, b.Department, b.Version = y, dept, 1
	return b, true, err
}

func (s *fuzzStore) Forecasts(_ context.Context, y billing.FiscalYear, depts []catalog.Department, _ billing.Org, now time.Time) ([]billing.Forecast, error) {
	out := make([]billing.Forecast, len(depts))
	for i, d := range depts {
		out[i] = billing.Forecast{Year: y, Department: d.ID}
	}
	return out, nil
}

func (s *fuzzStore) RecordCrossings(context.Context, billing.Forecast, time.Time) ([]int, error) {
	return nil, nil
}
