package dynamo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// BenchmarkForecast reads one department's forecast for calendar fiscal
// year 2026 (what GET /v1/budgets/2026/radiology reads) on DynamoDB Local.
// Its shapes: the year seen from its 1st, 6th and 12th month (so 1, 6 and
// 12 months to read: the current one open, those before it closed by the
// month close), with 0 or 1,000 running subscriptions of the department,
// and with 0 or 10,000 fulfilled one-time requests in the year's closed
// months (their request items and charge lines; the closes froze them into
// the months' totals). Each shape also has 50 open requests (commitments)
// and the department's budget.
//
// It reports ddb-calls/op (and of them queries/op) beside the time: the
// reads should grow with the months and the subscriptions, never with the
// year's requests, whose months the forecast reads as one frozen item
// each.
func BenchmarkForecast(b *testing.B) {
	shapes := []struct{ months, subs, requests int }{
		{1, 0, 0}, {6, 0, 0}, {12, 0, 0},
		{1, 1000, 0}, {6, 1000, 0}, {12, 1000, 0},
		{12, 1000, 10000},
	}
	for _, s := range shapes {
		b.Run(fmt.Sprintf("months=%d/subscriptions=%d/requests=%d", s.months, s.subs, s.requests), func(b *testing.B) {
			e := newBenchEnv(b)
			ctx := context.Background()
			y, err := billing.ParseFiscalYear("2026", time.January)
			if err != nil {
				b.Fatal(err)
			}
			months := y.Months()[:s.months]
			current := months[len(months)-1]
			charged := e.seedForecast(b, s.subs, s.requests, months[:len(months)-1])
			for _, m := range months[:len(months)-1] {
				if _, err := e.seed.CloseMonth(ctx, m, "bench", m.End(time.UTC), e.org); err != nil {
					b.Fatal(err)
				}
			}
			_, _, err = e.seed.SetBudget(ctx, y, benchDept, func(*billing.Budget) (billing.Budget, error) {
				return billing.Budget{Amount: decimal.New(5, 6), Thresholds: billing.DefaultThresholds()}, nil
			})
			if err != nil {
				b.Fatal(err)
			}
			dept, _ := e.org.Catalog.Department(benchDept)
			now := current.Start(time.UTC).Add(14*24*time.Hour + 9*time.Hour)
			var fs []billing.Forecast
			before := e.calls.snapshot()
			for b.Loop() {
				if fs, err = e.store.Forecasts(ctx, y, []catalog.Department{dept}, e.org, now); err != nil {
					b.Fatal(err)
				}
			}
			e.calls.report(b, before, b.N)
			f := fs[0]
			if len(f.Commitments) != benchOpenRequests || f.Budget == nil || f.Actual.LessThan(charged) {
				b.Fatalf("forecast: %d commitments, budget %v, actual %s; want %d, a budget and at least the %s charged",
					len(f.Commitments), f.Budget, f.Actual, benchOpenRequests, charged)
			}
			if wantRecurring := s.subs > 0 && s.months < 12; f.Recurring.IsPositive() != wantRecurring {
				b.Fatalf("forecast: recurring %s with %d subscriptions seen from %s", f.Recurring, s.subs, current)
			}
		})
	}
}

// benchOpenRequests is how many open requests each forecast shape has.
const benchOpenRequests = 50

// seedForecast stores the department's subscriptions (running from
// benchStart), its open requests, and requests fulfilled in the given
// months with their charge lines, spread evenly; it returns what those
// charges add up to.
func (e *benchEnv) seedForecast(b *testing.B, subs, requests int, months []billing.Month) decimal.Decimal {
	b.Helper()
	var items []any
	var charged decimal.Decimal
	add := func(i int, svc catalog.Service, at time.Time, status request.Status) *request.Request {
		price, ok := svc.PriceOn(at.Format(time.DateOnly))
		if !ok {
			b.Fatalf("service %s has no price on %s", svc.ID, at)
		}
		qty := decimal.NewFromInt(int64(1 + i%5))
		r := &request.Request{
			ID: request.NewID(at), Department: benchDept, ServiceID: svc.ID, ServiceName: svc.Name,
			Pricing: svc.Pricing, Unit: svc.Unit, Fractional: svc.Fractional, Quantity: qty,
			QuotedUnitPrice: price, EstimatedCharge: billing.Round2(qty.Mul(price)), Status: status,
			RequestedBy: "bench", CreatedAt: at, SLAHours: svc.SLAHours,
			SLADueAt: at.Add(time.Duration(svc.SLAHours) * time.Hour), SLACreditPercent: svc.SLACreditPercent, Version: 1,
		}
		return r
	}
	for i := range subs {
		r := add(i, e.monthly[i%len(e.monthly)], benchStart.Add(time.Duration(i)*time.Second), request.Fulfilled)
		r.FulfilledAt, r.FulfilledMonth, r.Version = r.CreatedAt.Add(time.Hour), billing.MonthOf(r.CreatedAt, time.UTC), 3
		items = append(items, toRequestItem(r))
	}
	for i := range benchOpenRequests {
		svcs := e.once
		if i%2 == 0 {
			svcs = e.monthly
		}
		items = append(items, toRequestItem(add(i, svcs[i%len(svcs)], benchStart.Add(time.Duration(i)*time.Minute), request.Submitted)))
	}
	for i := range requests {
		if len(months) == 0 {
			b.Fatal("requests to seed but no month to fulfil them in")
		}
		m := months[i%len(months)]
		at := m.Start(time.UTC).Add(time.Duration(i/len(months)) * time.Minute % (24 * 27 * time.Hour))
		r := add(i, e.once[i%len(e.once)], at, request.Fulfilled)
		r.FulfilledAt, r.FulfilledMonth, r.Version = at.Add(time.Hour), m, 3
		p := r.Fulfilment().Posting(time.UTC)
		r.Post(p.Lines)
		for _, l := range p.Lines {
			items = append(items, toLineItem(l))
			charged = charged.Add(l.Amount)
		}
		items = append(items, toRequestItem(r))
	}
	e.write(b, items)
	return charged
}
