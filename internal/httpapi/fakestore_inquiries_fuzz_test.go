package httpapi_test

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/inquiry"
)

// fuzzInquiryID is the fake store's one inquiry: radiology's, open, about
// a 100.00 line of the month before testNow's.
const fuzzInquiryID = "01KJ00000000000000000000Q1"

func fuzzInquiry() *inquiry.Inquiry {
	m := billing.MonthOf(testNow, time.UTC).Prev()
	return &inquiry.Inquiry{
		ID: fuzzInquiryID, Month: m, Department: "radiology", LineID: fuzzRequestIDs["fulfilled"] + "-charge",
		LineAmount: decimal.NewFromInt(100), Reason: "fixture", Status: inquiry.Open, OpenedAt: testNow.Add(-time.Hour),
		OpenedBy: "dana", Version: 1,
	}
}

func (s *fuzzStore) OpenInquiry(context.Context, *inquiry.Inquiry, *idempotency.Once) (*idempotency.Reply, error) {
	return nil, nil
}

func (s *fuzzStore) GetInquiry(_ context.Context, id, dept string) (*inquiry.Inquiry, error) {
	q := fuzzInquiry()
	if id != q.ID || (dept != "" && dept != q.Department) {
		return nil, errs.New(errs.NotFound, "no such inquiry, or not one you may see")
	}
	return q, nil
}

// ChangeInquiry applies the change to a fresh copy of the fixture.
func (s *fuzzStore) ChangeInquiry(ctx context.Context, id, dept string, now time.Time, loc *time.Location, change func(*inquiry.Inquiry, decimal.Decimal) error) (*inquiry.Inquiry, error) {
	q, err := s.GetInquiry(ctx, id, dept)
	if err != nil {
		return nil, err
	}
	if err := change(q, decimal.Zero); err != nil {
		return nil, err
	}
	if l, ok := q.CreditLine(billing.MonthOf(now, loc), now); ok {
		q.AdjustmentLineID, q.AdjustmentMonth = l.ID, l.Month
	}
	return q, nil
}

func (s *fuzzStore) ListInquiries(context.Context, inquiry.Query) (inquiry.Page, error) {
	return inquiry.Page{Items: []*inquiry.Inquiry{fuzzInquiry()}}, nil
}

func (s *fuzzStore) StatementInquiries(context.Context, billing.Month, string) ([]*inquiry.Inquiry, error) {
	return []*inquiry.Inquiry{fuzzInquiry()}, nil
}

func (s *fuzzStore) OpenInquiries(context.Context, billing.Month) (int, error) { return 1, nil }
