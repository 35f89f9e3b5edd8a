package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// createBody is the body of POST /v1/requests.
type createBody struct {
	ServiceID  string          `json:"service_id"`
	Quantity   json.RawMessage `json:"quantity"`
	Note       string          `json:"note"`
	Department string          `json:"department"`
}

// createRequest files a request for a department. With an Idempotency-Key,
// a retry with the same body gets the first response again.
func (a *API) createRequest(ctx context.Context, c *call) (*reply, error) {
	var body createBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	dept, deptProblem, err := a.requestDepartment(c, body.Department)
	if err != nil {
		return nil, err
	}
	qty, qProblem := decimalField("quantity", body.Quantity)
	draft := request.Draft{
		ServiceID: body.ServiceID, Department: dept, Quantity: qty, Note: body.Note, By: c.who.Subject,
		Problems: []*errs.FieldError{deptProblem, qProblem},
	}
	r, err := request.New(request.NewID(c.now), draft, a.cat, c.now, a.cfg.Location)
	if err != nil {
		return nil, err
	}
	impact, after, err := a.budgetImpact(ctx, r, c.now)
	if err != nil {
		return nil, err
	}
	created := createdJSON{requestDetailJSON: a.requestDetailJSON(r, c.now)}
	if impact != nil {
		created.Budget = toImpactJSON(*impact)
	}
	res, err := jsonReply(http.StatusCreated, created)
	if err != nil {
		return nil, err
	}
	res.header("ETag", etag(r.Version)).header("Location", "/v1/requests/"+r.ID)
	// The fingerprint compares what the body asks for, so 1 and "1.0" are
	// the same quantity.
	parts := []string{r.ServiceID, r.Quantity.String(), r.Note, r.Department}
	once, err := idempotency.New("POST /v1/requests", c.who.Subject, c.header("Idempotency-Key"), parts, res.stored(), c.now)
	if err != nil {
		return nil, err
	}
	first, err := a.store.CreateRequest(ctx, r, once)
	if err != nil || first != nil {
		if first != nil {
			return replayed(first), nil
		}
		return nil, err
	}
	if after != nil {
		a.noteCrossings(ctx, r.Department, after, c.now)
		// Creates racing this one each reckoned after without the others:
		// while a threshold is left to cross, read the forecast again now
		// that this one is written, so that together they cross what none
		// crossed alone.
		if len(after.Budget.Crossed(after.Total)) < len(after.Budget.Thresholds) {
			a.noteCrossingsAfterCreate(ctx, r, c.now)
		}
	}
	return res, nil
}

// createdJSON is a created request with what it does to its department's
// budget for the current fiscal year (null without a budget), as a quote
// showed it.
type createdJSON struct {
	requestDetailJSON
	Budget *budgetImpactJSON `json:"budget"`
}

// requestDepartment resolves the department a request is for. IT and
// finance name it (one who is also a requester defaults to their own);
// anyone else files for the department they act for, which must be active.
// A token's bad claim is 403; a body's bad field is a field problem.
func (a *API) requestDepartment(c *call, named string) (string, *errs.FieldError, error) {
	if c.dept != "" {
		switch d, _ := a.cat.Department(c.dept); {
		case !d.Active:
			return "", nil, errs.New(errs.Forbidden, "your token's department %q is not an active department", c.dept)
		case named != "" && named != c.dept:
			return c.dept, &errs.FieldError{Field: "department", Message: "a requester files requests for their own department only"}, nil
		}
		return c.dept, nil, nil
	}
	if named == "" {
		named = c.who.Department
	}
	d, found := a.cat.Department(named)
	switch {
	case named == "":
		return "", &errs.FieldError{Field: "department", Message: "is required when IT or finance files a request"}, nil
	case !found:
		return "", &errs.FieldError{Field: "department", Message: "is not a department in the catalog"}, nil
	case !d.Active:
		return "", &errs.FieldError{Field: "department", Message: fmt.Sprintf("department %q is inactive", named)}, nil
	}
	return named, nil, nil
}

// replayed answers with a stored first response.
func replayed(first *idempotency.Reply) *reply {
	r := &reply{status: first.Status, body: []byte(first.Body)}
	for k, v := range first.Headers {
		r.header(k, v)
	}
	r.contentType = r.headers["Content-Type"]
	if r.contentType == "" {
		r.contentType = "application/json"
	}
	delete(r.headers, "Content-Type")
	return r.header("Idempotent-Replayed", "true")
}
