package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// The roles that act for every department on a request route; a caller
// without one of them acts for their own department only.
var (
	readAnyDepartment   = []string{RoleFulfiller, RoleFinance, RoleLeadership}
	createAnyDepartment = []string{RoleFulfiller, RoleFinance}
	changeAnyDepartment = []string{RoleFulfiller}
	ownDepartmentOnly   = []string(nil)
)

// visibleRequest reads the request named in the path. For a caller who acts
// for their own department only (none of the wide roles), another
// department's request is "not found", exactly like a missing one.
func (a *API) visibleRequest(ctx context.Context, c *call, wide []string) (*dynamo.Stored, error) {
	id := c.param("id")
	notFound := errs.New(errs.NotFound, "no request %q", id)
	if !validID(id) {
		return nil, notFound
	}
	s, err := a.store.GetRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if !c.who.HasAny(wide) && (c.who.Department == "" || s.Department != c.who.Department) {
		return nil, notFound
	}
	return s, nil
}

// getRequest shows one request with its history and charges.
func (a *API) getRequest(ctx context.Context, c *call) (*reply, error) {
	s, err := a.visibleRequest(ctx, c, readAnyDepartment)
	if err != nil {
		return nil, err
	}
	return a.requestReply(http.StatusOK, s, c)
}

func (a *API) requestReply(status int, s *dynamo.Stored, c *call) (*reply, error) {
	r, err := jsonReply(status, a.requestDetailJSON(s, c.now))
	if err != nil {
		return nil, err
	}
	return r.header("ETag", etag(s.Version)), nil
}

// change is one lifecycle change: it alters the request and returns the
// lines to post and the month that must be open for them ("" for none).
type change func(s *dynamo.Stored) (lines []billing.Line, month string, err error)

// maxAttempts bounds the read-change-write retries of one mutation.
const maxAttempts = 4

// mutate reads the request, applies the change and writes it conditionally
// on the version it read: one read and one write. When another writer got
// there first it starts over, so the change is judged against the request
// as it now stands; an If-Match naming an old version is a conflict.
func (a *API) mutate(ctx context.Context, c *call, wide []string, apply change) (*reply, error) {
	ifMatch := c.header("If-Match")
	for attempt := 1; ; attempt++ {
		s, err := a.visibleRequest(ctx, c, wide)
		if err != nil {
			return nil, err
		}
		if ifMatch != "" && !matchesVersion(ifMatch, s.Version) {
			e := errs.New(errs.Conflict, "the request is at version %d, not %s", s.Version, ifMatch).WithCode("version_mismatch")
			e.Extra = map[string]any{"current_version": s.Version}
			return nil, e
		}
		prev := dynamo.Prev{Version: s.Version, Status: s.Status}
		lines, month, err := apply(s)
		if err != nil {
			return nil, err
		}
		err = a.store.SaveRequest(ctx, s, prev, lines, month)
		if errors.Is(err, dynamo.ErrVersion) && attempt < maxAttempts {
			continue
		}
		if err != nil {
			return nil, err
		}
		return a.requestReply(http.StatusOK, s, c)
	}
}

// listRequests lists requests newest first: a requester's own department,
// everyone's for IT, finance and leadership.
func (a *API) listRequests(ctx context.Context, c *call) (*reply, error) {
	limit, err := c.limit()
	if err != nil {
		return nil, err
	}
	q := dynamo.RequestQuery{
		Department: c.query("department"), Status: c.query("status"), ServiceID: c.query("service"),
		Now: c.now, Limit: limit, Cursor: c.query("cursor"),
	}
	switch c.query("overdue") {
	case "", "false":
	case "true":
		q.Overdue = true
	default:
		return nil, badQuery("overdue", "must be true or false")
	}
	if q.Status != "" && !slices.Contains(request.Statuses, request.Status(q.Status)) {
		return nil, badQuery("status", "must be one of submitted, approved, in_progress, fulfilled, ended, cancelled, rejected")
	}
	if !c.who.HasAny(readAnyDepartment) {
		if q.Department != "" && q.Department != c.who.Department {
			return nil, errs.New(errs.Forbidden, "a requester lists their own department's requests only")
		}
		q.Department = c.who.Department
		if q.Department == "" {
			return nil, errs.New(errs.Forbidden, "your token names no department")
		}
	} else if _, found := a.cat.Department(q.Department); q.Department != "" && !found {
		return nil, badQuery("department", "is not a department in the catalog")
	}
	page, err := a.store.ListRequests(ctx, q)
	if err != nil {
		return nil, err
	}
	out := list[requestJSON]{Items: make([]requestJSON, len(page.Items)), NextCursor: page.Next}
	for i, s := range page.Items {
		out.Items[i] = a.requestJSON(s, c.now)
	}
	return ok(out)
}
