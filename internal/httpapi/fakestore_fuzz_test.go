package httpapi_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// fuzzStore is an in-memory stand-in for the API's Store interface (not for
// DynamoDB) that lets FuzzHandlerEvent reach every route's own code. It
// holds one radiology request in each status and never changes: a change
// or survey is applied to a copy and answered, so every input is judged
// against the same state. Months before fuzzClosedBefore are closed.
type fuzzStore struct {
	requests map[string]*request.Request
}

// fuzzClosedBefore is the first month the fake store keeps open.
var fuzzClosedBefore = mustFuzzMonth("2026-02")

// fuzzRequestIDs are the fixture requests' ids, by status; fuzz seeds name
// them.
var fuzzRequestIDs = map[request.Status]string{
	request.Submitted:  "01KJ0000000000000000000001",
	request.Approved:   "01KJ0000000000000000000002",
	request.InProgress: "01KJ0000000000000000000003",
	request.Fulfilled:  "01KJ0000000000000000000004",
	request.Ended:      "01KJ0000000000000000000005",
	request.Cancelled:  "01KJ0000000000000000000006",
	request.Rejected:   "01KJ0000000000000000000007",
}

// fuzzSubscriptionID is a fulfilled monthly request that may be ended,
// and fuzzSurveyedID a fulfilled one already rated.
const (
	fuzzSubscriptionID = "01KJ0000000000000000000008"
	fuzzSurveyedID     = "01KJ0000000000000000000009"
)

// newFuzzStore builds the fixtures through the request lifecycle, made ten
// days before testNow.
func newFuzzStore() *fuzzStore {
	cat := catalog.Load()
	made := testNow.AddDate(0, 0, -10)
	done := made.Add(30 * time.Hour)
	qty := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	newRequest := func(id, service, quantity string) *request.Request {
		r, err := request.New(id, request.Draft{ServiceID: service, Department: "radiology", Quantity: qty(quantity), Note: "fixture", By: "dana"}, cat, made, time.UTC)
		if err != nil {
			panic(fmt.Sprintf("fuzz fixture %s: %v", id, err))
		}
		return r
	}
	must := func(err error) {
		if err != nil {
			panic(fmt.Sprintf("fuzz fixture: %v", err))
		}
	}
	s := &fuzzStore{requests: map[string]*request.Request{}}
	add := func(r *request.Request) { s.requests[r.ID] = r }

	add(newRequest(fuzzRequestIDs[request.Submitted], "ehr-user-account", "2"))
	add(newRequest(fuzzRequestIDs[request.Approved], "barcode-scanner", "1"))
	hourly := newRequest(fuzzRequestIDs[request.InProgress], "interface-change", "4.5")
	must(hourly.Act(request.Approve, "sam", "", made))
	must(hourly.Act(request.Start, "sam", "", made))
	add(hourly)
	oneTime := newRequest(fuzzRequestIDs[request.Fulfilled], "voip-desk-phone", "3")
	_, err := oneTime.Fulfill(nil, &done, "sam", testNow, time.UTC)
	must(err)
	add(oneTime)
	for _, id := range []string{fuzzRequestIDs[request.Ended], fuzzSubscriptionID} {
		sub := newRequest(id, "secure-clinical-messaging", "5")
		_, err := sub.Fulfill(nil, &done, "sam", testNow, time.UTC)
		must(err)
		add(sub)
	}
	_, err = s.requests[fuzzRequestIDs[request.Ended]].End(nil, "dana", testNow, time.UTC)
	must(err)
	cancelled := newRequest(fuzzRequestIDs[request.Cancelled], "ehr-user-account", "1")
	must(cancelled.Act(request.Cancel, "dana", "no longer needed", made))
	add(cancelled)
	rejected := newRequest(fuzzRequestIDs[request.Rejected], "ehr-user-account", "1")
	must(rejected.Act(request.Reject, "sam", "duplicate", made))
	add(rejected)
	rated := newRequest(fuzzSurveyedID, "shared-mailbox", "1")
	_, err = rated.Fulfill(nil, &done, "sam", testNow, time.UTC)
	must(err)
	survey, err := satisfaction.NewSurvey(rated, 4, "quick", "dana", testNow)
	must(err)
	rated.Survey = &survey
	add(rated)
	return s
}

func mustFuzzMonth(s string) billing.Month {
	m, err := billing.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// get returns a copy of the request, or the store's not-found error.
func (s *fuzzStore) get(id, dept string) (*request.Request, error) {
	r, found := s.requests[id]
	if !found || (dept != "" && r.Department != dept) {
		return nil, errs.New(errs.NotFound, "no such request, or not one you may see")
	}
	c := *r
	c.History, c.Charges = slices.Clone(r.History), slices.Clone(r.Charges)
	if r.Survey != nil {
		sv := *r.Survey
		c.Survey = &sv
	}
	return &c, nil
}

func (s *fuzzStore) GetRequest(_ context.Context, id, dept string) (*request.Request, error) {
	return s.get(id, dept)
}

func (s *fuzzStore) CreateRequest(context.Context, *request.Request, *idempotency.Once) (*idempotency.Reply, error) {
	return nil, nil
}

func (s *fuzzStore) ChangeRequest(_ context.Context, id, dept string, change func(*request.Request) (billing.Posting, error)) (*request.Request, error) {
	r, err := s.get(id, dept)
	if err != nil {
		return nil, err
	}
	if _, err := change(r); err != nil {
		return nil, err
	}
	return r, nil
}

// ListRequests answers the fixtures of the department, newest first, and
// refuses every cursor, as the real store refuses one it did not give out.
func (s *fuzzStore) ListRequests(_ context.Context, q request.Query) (request.Page, error) {
	if q.Cursor != "" {
		return request.Page{}, errs.Field("cursor", "is not a cursor this list gave out")
	}
	var page request.Page
	for _, r := range s.requests {
		if (q.Department == "" || r.Department == q.Department) && (q.Status == "" || r.Status == q.Status) &&
			(q.ServiceID == "" || r.ServiceID == q.ServiceID) && (!q.Overdue || r.Overdue(q.Now)) {
			page.Items = append(page.Items, r)
		}
	}
	slices.SortFunc(page.Items, func(a, b *request.Request) int { return cmp.Compare(b.ID, a.ID) })
	page.Items = page.Items[:min(len(page.Items), q.Limit)]
	return page, nil
}

func (s *fuzzStore) Period(_ context.Context, m billing.Month) (billing.Period, error) {
	if !m.Before(fuzzClosedBefore) {
		return billing.Period{Month: m, Status: billing.PeriodOpen}, nil
	}
	total := decimal.RequireFromString("125.50")
	return billing.Period{
		Month: m, Status: billing.PeriodClosed, ClosingAt: m.End(time.UTC), ClosedAt: m.End(time.UTC), ClosedBy: "fran", Total: total,
		Statements: []billing.Summary{{Department: "radiology", DepartmentName: "Radiology", CostCenter: "CC-4100", Lines: 1, Total: total, Checksum: "sha256:00"}},
	}, nil
}

func (s *fuzzStore) Statement(ctx context.Context, m billing.Month, dept catalog.Department, _ billing.Org) (billing.Statement, billing.Period, error) {
	p, _ := s.Period(ctx, m)
	st := billing.NewStatement(m, dept.ID, dept.Name, dept.CostCenter, nil)
	st.Closed, st.ClosedAt = p.Status == billing.PeriodClosed, p.ClosedAt
	return st, p, nil
}

func (s *fuzzStore) MonthStatements(ctx context.Context, m billing.Month, _ billing.Org) (billing.Period, []billing.Summary, error) {
	p, _ := s.Period(ctx, m)
	return p, p.Statements, nil
}

func (s *fuzzStore) MonthStatementsInFull(ctx context.Context, m billing.Month, _ billing.Org) (billing.Period, []billing.Statement, error) {
	p, _ := s.Period(ctx, m)
	return p, nil, nil
}

func (s *fuzzStore) CloseReviewed(_ context.Context, m billing.Month, by string, now time.Time, _ billing.Org, _ bool) (billing.Period, error) {
	return billing.Period{Month: m, Status: billing.PeriodClosed, ClosingAt: now, ClosedAt: now, ClosedBy: by}, nil
}

func (s *fuzzStore) PostSurvey(_ context.Context, id, dept string, answer func(*request.Request) (request.Survey, error)) (*request.Request, error) {
	r, err := s.get(id, dept)
	if err != nil {
		return nil, err
	}
	survey, err := answer(r)
	if err != nil {
		return nil, err
	}
	r.Survey = &survey
	return r, nil
}

// ReportBook answers the same small book for every range: two services
// and a department with activity, so the reports and the chart draw.
func (s *fuzzStore) ReportBook(context.Context, billing.Month, billing.Month, billing.Org) (satisfaction.Book, error) {
	b := satisfaction.NewBook()
	b.Services["voip-desk-phone"] = satisfaction.Tally{Requests: 3, Fulfilled: 2, SLAMet: 1, Seconds: []int64{3600, 180000},
		Units: decimal.NewFromInt(4), Charged: decimal.RequireFromString("600.00"), Responses: 1, ScoreSum: 4, Promoters: 1}
	b.Services["secure-clinical-messaging"] = satisfaction.Tally{Requests: 1, Fulfilled: 1, SLAMet: 1, Seconds: []int64{7200},
		Units: decimal.NewFromInt(5), Charged: decimal.RequireFromString("41.67")}
	b.Services[""] = satisfaction.Tally{Charged: decimal.RequireFromString("-10.00")}
	b.Departments["radiology"] = satisfaction.Tally{Requests: 4, Fulfilled: 3, Charged: decimal.RequireFromString("631.67"), Responses: 1, ScoreSum: 4, Promoters: 1}
	return b, nil
}

func (s *fuzzStore) PostLine(context.Context, billing.Line, *idempotency.Once) (*idempotency.Reply, error) {
	return nil, nil
}
