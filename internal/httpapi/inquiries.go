package httpapi

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/inquiry"
	"chargeback/internal/request"
)

// inquiryBody is the body of POST /v1/inquiries.
type inquiryBody struct {
	Month      string          `json:"month"`
	Department string          `json:"department"`
	LineID     string          `json:"line_id"`
	Reason     string          `json:"reason"`
	Amount     json.RawMessage `json:"amount"`
}

// lineNotFound is the one answer for a line that is not on the statement
// named, and for a line of a department the caller may not see: the same
// bytes either way.
var lineNotFound = errs.New(errs.NotFound, "no such line on that statement, or not one you may see")

// actor is the part the caller plays towards inquiries: finance when it
// holds the role, else the requester of its department.
func actor(c *call) inquiry.Actor {
	if c.who.HasAny([]string{RoleFinance}) {
		return inquiry.Finance
	}
	return inquiry.Requester
}

// openInquiry opens an inquiry about one line of a department's statement
// of a month that is not closed. With an Idempotency-Key, a retry with the
// same body gets the first response again.
func (a *API) openInquiry(ctx context.Context, c *call) (*reply, error) {
	var body inquiryBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	if c.dept != "" && body.Department != "" && body.Department != c.dept {
		return nil, lineNotFound
	}
	l, amount, err := a.inquiryLine(ctx, c, body)
	if err != nil {
		return nil, err
	}
	q, err := inquiry.New(request.NewID(c.now), l, inquiry.Draft{Reason: body.Reason, Amount: amount, By: c.who.Subject}, actor(c), c.now)
	if err != nil {
		return nil, err
	}
	res, err := jsonReply(http.StatusCreated, toInquiryJSON(q))
	if err != nil {
		return nil, err
	}
	res.header("Location", "/v1/inquiries/"+q.ID)
	parts := []string{q.Month.String(), q.Department, q.LineID, q.Reason, ""}
	if amount != nil {
		parts[4] = amount.String()
	}
	once, err := idempotency.New("POST /v1/inquiries", c.who.Subject, c.header("Idempotency-Key"), parts, res.stored(), c.now)
	if err != nil {
		return nil, err
	}
	first, err := a.store.OpenInquiry(ctx, q, once)
	if err != nil || first == nil {
		return res, err
	}
	return replayed(first), nil
}

// inquiryLine finds the line an inquiry body names on the department's
// statement (a preview's recurring line included) of a month that is not
// closed, with the amount the body gives.
func (a *API) inquiryLine(ctx context.Context, c *call, body inquiryBody) (billing.Line, *decimal.Decimal, error) {
	var problems []*errs.FieldError
	bad := func(field, msg string) { problems = append(problems, &errs.FieldError{Field: field, Message: msg}) }
	deptID := c.dept
	if deptID == "" {
		deptID = body.Department
	}
	dept, found := a.cat.Department(deptID)
	switch {
	case deptID == "":
		bad("department", "is required")
	case !found:
		bad("department", "is not a department in the catalog")
	}
	month, monthProblem := monthField("month", body.Month, c.now, a.cfg.Location)
	problems = append(problems, monthProblem)
	if body.LineID == "" {
		bad("line_id", "is required")
	}
	amount, amountProblem := decimalField("amount", body.Amount)
	if err := errs.Collect(append(problems, amountProblem)...); err != nil {
		return billing.Line{}, nil, err
	}
	st, period, err := a.store.Statement(ctx, month, dept, a.org())
	if err != nil {
		return billing.Line{}, nil, err
	}
	if period.Status == billing.PeriodClosed {
		return billing.Line{}, nil, errs.New(errs.Conflict, "%s is closed: its statements no longer change, so its lines cannot be asked about", month).WithCode("period_closed")
	}
	for _, l := range st.Lines {
		if l.ID == body.LineID {
			return l, amount, nil
		}
	}
	return billing.Line{}, nil, lineNotFound
}

// getInquiry shows one inquiry.
func (a *API) getInquiry(ctx context.Context, c *call) (*reply, error) {
	q, err := a.store.GetInquiry(ctx, c.param("id"), c.dept)
	if err != nil {
		return nil, err
	}
	return ok(toInquiryJSON(q))
}

// listInquiries lists inquiries newest first: a requester's own
// department's, everyone's (or one department's) for finance and
// leadership; by month and status.
func (a *API) listInquiries(ctx context.Context, c *call) (*reply, error) {
	limit, err := c.limit()
	if err != nil {
		return nil, err
	}
	q := inquiry.Query{Department: c.dept, Limit: limit, Cursor: c.query("cursor")}
	if d := c.query("department"); d != "" {
		switch _, found := a.cat.Department(d); {
		case c.dept != "" && d != c.dept:
			return nil, errs.New(errs.Forbidden, "a requester lists their own department's inquiries only")
		case !found:
			return nil, badQuery("department", "is not a department in the catalog")
		}
		q.Department = d
	}
	if s := c.query("status"); s != "" {
		if !inquiry.ValidStatus(s) {
			return nil, badQuery("status", "must be open, resolved or withdrawn")
		}
		q.Status = inquiry.Status(s)
	}
	if s := c.query("month"); s != "" {
		if q.Month, err = billing.ParseMonth(s); err != nil {
			return nil, badQuery("month", "must be a month written YYYY-MM, such as 2026-03")
		}
	}
	page, err := a.store.ListInquiries(ctx, q)
	if err != nil {
		return nil, err
	}
	out := list[inquiryJSON]{Items: make([]inquiryJSON, 0, len(page.Items)), NextCursor: page.Next}
	for _, it := range page.Items {
		out.Items = append(out.Items, toInquiryJSON(it))
	}
	return ok(out)
}

// resolveBody is the body of POST /v1/inquiries/{id}/resolve.
type resolveBody struct {
	Outcome string          `json:"outcome"`
	Amount  json.RawMessage `json:"amount"`
	Note    string          `json:"note"`
}

// resolveInquiry answers an open inquiry: a credit (posted as an
// adjustment in the same transaction) or a rejection.
func (a *API) resolveInquiry(ctx context.Context, c *call) (*reply, error) {
	var body resolveBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	amount, problem := decimalField("amount", body.Amount)
	res := inquiry.Resolution{Outcome: body.Outcome, Amount: amount, Note: body.Note, By: c.who.Subject, Problems: []*errs.FieldError{problem}}
	q, err := a.store.ChangeInquiry(ctx, c.param("id"), c.dept, c.now, a.cfg.Location, func(q *inquiry.Inquiry, credited decimal.Decimal) error {
		return q.Resolve(res, credited, inquiry.Finance, c.now)
	})
	if err != nil {
		return nil, err
	}
	return ok(toInquiryJSON(q))
}

// withdrawInquiry withdraws the department's own open inquiry.
func (a *API) withdrawInquiry(ctx context.Context, c *call) (*reply, error) {
	if err := c.decodeOptional(&struct{}{}); err != nil {
		return nil, err
	}
	q, err := a.store.ChangeInquiry(ctx, c.param("id"), c.dept, c.now, a.cfg.Location, func(q *inquiry.Inquiry, _ decimal.Decimal) error {
		return q.Withdraw(c.who.Subject, inquiry.Requester, c.now)
	})
	if err != nil {
		return nil, err
	}
	return ok(toInquiryJSON(q))
}
