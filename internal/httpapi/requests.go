package httpapi

import (
	"context"
	"net/http"
	"slices"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// getRequest shows one request with its history and charges.
func (a *API) getRequest(ctx context.Context, c *call) (*reply, error) {
	r, err := a.store.GetRequest(ctx, c.param("id"), c.dept)
	if err != nil {
		return nil, err
	}
	return a.requestReply(http.StatusOK, r, c)
}

// requestReply answers the whole request, with its version as ETag.
func (a *API) requestReply(status int, r *request.Request, c *call) (*reply, error) {
	res, err := jsonReply(status, a.requestDetailJSON(r, c.now))
	if err != nil {
		return nil, err
	}
	return res.header("ETag", etag(r.Version)), nil
}

// change applies a lifecycle change to the request in the path and answers
// the request as it now stands. An If-Match naming another version than the
// stored one is a conflict.
func (a *API) change(ctx context.Context, c *call, apply func(*request.Request) error) (*reply, error) {
	return a.post(ctx, c, func(r *request.Request) (billing.Posting, error) {
		return billing.Posting{}, apply(r)
	})
}

// post is change for actions that post to the ledger.
func (a *API) post(ctx context.Context, c *call, apply func(*request.Request) (billing.Posting, error)) (*reply, error) {
	ifMatch := c.header("If-Match")
	r, err := a.store.ChangeRequest(ctx, c.param("id"), c.dept, func(r *request.Request) (billing.Posting, error) {
		if ifMatch != "" && !matchesVersion(ifMatch, r.Version) {
			e := errs.New(errs.Conflict, "the request is at version %d, not %s", r.Version, ifMatch).WithCode("version_mismatch")
			e.Extra = map[string]any{"current_version": r.Version}
			return billing.Posting{}, e
		}
		return apply(r)
	})
	if err != nil {
		return nil, err
	}
	if last := r.History[len(r.History)-1].Action; last == request.Fulfill || last == request.Update {
		// The charge or the new estimate may have raised the forecast.
		a.noteCrossings(ctx, r.Department, nil, c.now)
	}
	return a.requestReply(http.StatusOK, r, c)
}

// listRequests lists requests newest first: a requester's own department,
// everyone's (or one department's) for IT, finance and leadership.
func (a *API) listRequests(ctx context.Context, c *call) (*reply, error) {
	limit, err := c.limit()
	if err != nil {
		return nil, err
	}
	q := request.Query{
		Department: c.query("department"), Status: request.Status(c.query("status")), ServiceID: c.query("service"),
		Now: c.now, Limit: limit, Cursor: c.query("cursor"),
	}
	switch c.query("overdue") {
	case "", "false":
	case "true":
		q.Overdue = true
	default:
		return nil, badQuery("overdue", "must be true or false")
	}
	if q.Status != "" && !slices.Contains(request.Statuses, q.Status) {
		return nil, badQuery("status", "must be one of submitted, approved, in_progress, fulfilled, ended, cancelled, rejected")
	}
	if _, found := a.cat.Service(q.ServiceID); q.ServiceID != "" && !found {
		return nil, badQuery("service", "is not a service in the catalog")
	}
	switch _, found := a.cat.Department(q.Department); {
	case c.dept != "" && q.Department != "" && q.Department != c.dept:
		return nil, errs.New(errs.Forbidden, "a requester lists their own department's requests only")
	case c.dept != "":
		q.Department = c.dept
	case q.Department != "" && !found:
		return nil, badQuery("department", "is not a department in the catalog")
	}
	page, err := a.store.ListRequests(ctx, q)
	if err != nil {
		return nil, err
	}
	out := list[requestJSON]{Items: make([]requestJSON, len(page.Items)), NextCursor: page.Next}
	for i, r := range page.Items {
		out.Items[i] = a.requestJSON(r, c.now)
	}
	return ok(out)
}
