package httpapi

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"

	"chargeback/internal/billing"
	"chargeback/internal/idempotency"
	"chargeback/internal/inquiry"
	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// Store is what the API needs from storage, in the domain's terms; the
// DynamoDB store provides it. The catalog routes need none of it, so the
// catalog function passes nil and links no AWS SDK.
type Store interface {
	// GetRequest reads a request with its history; with dept set, another
	// department's request is not found.
	GetRequest(ctx context.Context, id, dept string) (*request.Request, error)
	// CreateRequest writes a new request; with once, a retry gets the first
	// reply back (non-nil) instead.
	CreateRequest(ctx context.Context, r *request.Request, once *idempotency.Once) (*idempotency.Reply, error)
	// ChangeRequest applies a lifecycle change to the request as stored,
	// with whatever it posts, exactly once.
	ChangeRequest(ctx context.Context, id, dept string, change func(*request.Request) (billing.Posting, error)) (*request.Request, error)
	// ListRequests answers a query one page at a time.
	ListRequests(ctx context.Context, q request.Query) (request.Page, error)

	// Period reads a month's close status (open when never touched).
	Period(ctx context.Context, m billing.Month) (billing.Period, error)
	// Statement is one department's statement: frozen for a closed month,
	// a preview with pending recurring lines for an open one.
	Statement(ctx context.Context, m billing.Month, dept catalog.Department, b billing.Org) (billing.Statement, billing.Period, error)
	// MonthStatements summarises every statement of the month with activity.
	MonthStatements(ctx context.Context, m billing.Month, b billing.Org) (billing.Period, []billing.Summary, error)
	// MonthStatementsInFull is every statement of the month with activity,
	// lines and all, as Statement gives each, in MonthStatements' order.
	MonthStatementsInFull(ctx context.Context, m billing.Month, b billing.Org) (billing.Period, []billing.Statement, error)
	// CloseReviewed closes a month that is over, or finishes an
	// interrupted close; a closed month comes back unchanged. While the
	// month has open inquiries it refuses to begin unless carry.
	CloseReviewed(ctx context.Context, m billing.Month, by string, now time.Time, b billing.Org, carry bool) (billing.Period, error)
	// PostSurvey records a request's survey, as answer judges it against
	// the request as stored, with the counts the reports read.
	PostSurvey(ctx context.Context, id, dept string, answer func(*request.Request) (request.Survey, error)) (*request.Request, error)
	// ReportBook tallies months from..to for the reports.
	ReportBook(ctx context.Context, from, to billing.Month, b billing.Org) (satisfaction.Book, error)

	// PostLine posts an adjustment into an open month; with once, a retry
	// gets the first reply back (non-nil) instead.
	PostLine(ctx context.Context, l billing.Line, once *idempotency.Once) (*idempotency.Reply, error)

	// OpenInquiry writes a new inquiry, refusing a second open one on the
	// line and a closed month; with once, a retry gets the first reply
	// back (non-nil) instead.
	OpenInquiry(ctx context.Context, q *inquiry.Inquiry, once *idempotency.Once) (*idempotency.Reply, error)
	// GetInquiry reads an inquiry; with dept set, another department's is
	// not found.
	GetInquiry(ctx context.Context, id, dept string) (*inquiry.Inquiry, error)
	// ChangeInquiry applies change to the inquiry as stored, with what the
	// line has been credited so far, and writes it (with a credit's
	// adjustment line) exactly once.
	ChangeInquiry(ctx context.Context, id, dept string, now time.Time, loc *time.Location, change func(*inquiry.Inquiry, decimal.Decimal) error) (*inquiry.Inquiry, error)
	// ListInquiries answers a query one page at a time.
	ListInquiries(ctx context.Context, q inquiry.Query) (inquiry.Page, error)
	// StatementInquiries is every inquiry about a department's lines of a
	// month, newest first.
	StatementInquiries(ctx context.Context, m billing.Month, dept string) ([]*inquiry.Inquiry, error)
	// OpenInquiries counts a month's open inquiries.
	OpenInquiries(ctx context.Context, m billing.Month) (int, error)

	// Budget reads a department's budget for a fiscal year; nil when it
	// has none.
	Budget(ctx context.Context, y billing.FiscalYear, dept string) (*billing.Budget, error)
	// Budgets reads every budget of a fiscal year, by department.
	Budgets(ctx context.Context, y billing.FiscalYear) (map[string]billing.Budget, error)
	// SetBudget writes the budget change makes from the stored one (nil
	// when none), with the next version, conditional on the stored one
	// not moving meanwhile; it reports whether the budget is new.
	SetBudget(ctx context.Context, y billing.FiscalYear, dept string, change func(*billing.Budget) (billing.Budget, error)) (billing.Budget, bool, error)
	// Forecasts are the departments' forecasts for a fiscal year as seen
	// at now, in the order given.
	Forecasts(ctx context.Context, y billing.FiscalYear, depts []catalog.Department, b billing.Org, now time.Time) ([]billing.Forecast, error)
	// RecordCrossings records, once each per fiscal year, the budget
	// thresholds a forecast has reached, and reports the ones recorded now.
	RecordCrossings(ctx context.Context, f billing.Forecast, now time.Time) ([]int, error)
}
