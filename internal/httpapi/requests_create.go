package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"chargeback/internal/dynamo"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// createBody is the body of POST /v1/requests.
type createBody struct {
	ServiceID  string          `json:"service_id"`
	Quantity   json.RawMessage `json:"quantity"`
	Note       string          `json:"note"`
	Department string          `json:"department"`
}

// maxIdempotencyKey is the longest Idempotency-Key accepted.
const maxIdempotencyKey = 255

// createRequest files a request for a department. With an Idempotency-Key,
// a retry with the same body gets the first response again.
func (a *API) createRequest(ctx context.Context, c *call) (*reply, error) {
	var body createBody
	if err := c.decode(&body); err != nil {
		return nil, err
	}
	draft, err := a.draft(c, body)
	if err != nil {
		return nil, err
	}
	key := c.header("Idempotency-Key")
	if len(key) > maxIdempotencyKey {
		return nil, errs.Field("Idempotency-Key", "may be at most %d characters", maxIdempotencyKey)
	}
	scope := idempotencyScope("POST /v1/requests", c.who.Subject, key)
	hash := draftHash(draft)
	if key != "" {
		if rp, err := a.store.Replay(ctx, scope, c.now); err != nil || rp != nil {
			return replayed(rp, hash, err)
		}
	}
	r, err := request.New(newID(c.now), draft, c.now, a.cfg.Location)
	if err != nil {
		return nil, err
	}
	res, err := jsonReply(http.StatusCreated, a.requestDetailJSON(&dynamo.Stored{Request: r}, c.now))
	if err != nil {
		return nil, err
	}
	location := "/v1/requests/" + r.ID
	res.header("Location", location).header("ETag", etag(r.Version))
	var replay *dynamo.Replay
	if key != "" {
		replay = &dynamo.Replay{Scope: scope, BodyHash: hash, Status: res.status, Body: string(res.body), Location: location, ETag: etag(r.Version), ExpiresAt: c.now.Add(dynamo.IdempotencyTTL)}
	}
	for attempt := 1; ; attempt++ {
		err = a.store.CreateRequest(ctx, r, replay, c.now)
		if !errors.Is(err, dynamo.ErrReplayRace) {
			break
		}
		// Another create with this key won: answer with its response once
		// it is readable.
		if rp, err := a.store.Replay(ctx, scope, c.now); err != nil || rp != nil {
			return replayed(rp, hash, err)
		}
		if attempt == 5 {
			return nil, errs.New(errs.Conflict, "a request with this Idempotency-Key is being created; retry").WithCode("idempotency_in_progress")
		}
		select {
		case <-ctx.Done():
			return nil, errs.New(errs.Unavailable, "the request timed out; retry")
		case <-time.After(time.Duration(attempt*20) * time.Millisecond):
		}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// draft checks the body and resolves the department, reporting every bad
// field at once.
func (a *API) draft(c *call, body createBody) (request.Draft, error) {
	dept, err := a.requestDepartment(c, body.Department)
	if err != nil {
		return request.Draft{}, err
	}
	fields := []*errs.FieldError{dept.problem}
	qty, qErr := decimalField("quantity", body.Quantity)
	switch {
	case qErr != nil:
		fields = append(fields, qErr)
	case qty == nil:
		fields = append(fields, &errs.FieldError{Field: "quantity", Message: "is required"})
	default:
		fields = append(fields, request.CheckQuantity("quantity", *qty))
	}
	svc, found := a.cat.Service(body.ServiceID)
	switch {
	case body.ServiceID == "":
		fields = append(fields, &errs.FieldError{Field: "service_id", Message: "is required"})
	case !found:
		fields = append(fields, &errs.FieldError{Field: "service_id", Message: "is not a service in the catalog"})
	}
	fields = append(fields, request.CheckText("note", body.Note))
	if err := errs.Collect(fields...); err != nil {
		return request.Draft{}, err
	}
	return request.Draft{Service: svc, Department: dept.id, Quantity: *qty, Note: body.Note, By: c.who.Subject}, nil
}

// department is the department a request is for, or what is wrong with the
// one the body named.
type department struct {
	id      string
	problem *errs.FieldError
}

// requestDepartment resolves the department a request is for. IT and
// finance name it (a requester among them defaults to their own); anyone
// else files for their own department, which must be an active catalog
// department. A token's bad claim is 403; a body's bad field is 400.
func (a *API) requestDepartment(c *call, named string) (department, error) {
	own := c.who.Department
	if !c.who.HasAny(createAnyDepartment) {
		switch d, found := a.cat.Department(own); {
		case own == "":
			return department{}, errs.New(errs.Forbidden, "your token names no department")
		case !found || !d.Active:
			return department{}, errs.New(errs.Forbidden, "your token's department %q is not an active department", own)
		case named != "" && named != own:
			return department{id: own, problem: &errs.FieldError{Field: "department", Message: "a requester files requests for their own department only"}}, nil
		}
		return department{id: own}, nil
	}
	if named == "" {
		named = own
	}
	d, found := a.cat.Department(named)
	switch {
	case named == "":
		return department{problem: &errs.FieldError{Field: "department", Message: "is required when IT or finance files a request"}}, nil
	case !found:
		return department{problem: &errs.FieldError{Field: "department", Message: "is not a department in the catalog"}}, nil
	case !d.Active:
		return department{problem: &errs.FieldError{Field: "department", Message: fmt.Sprintf("department %q is inactive", named)}}, nil
	}
	return department{id: named}, nil
}

// draftHash identifies a create's content, so a retry is recognised even
// when the JSON is spelled differently (1 and "1.0" are the same quantity).
func draftHash(d request.Draft) string {
	b, _ := json.Marshal([]string{d.Service.ID, d.Quantity.String(), d.Note, d.Department})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// idempotencyScope names an Idempotency-Key's record: keys are per route
// and per caller. The parts are hashed with their lengths, so no two
// different triples share a scope.
func idempotencyScope(route, subject, key string) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%d:%s%d:%s%d:%s", len(route), route, len(subject), subject, len(key), key))
	return hex.EncodeToString(sum[:])
}

// replayed answers with a stored first response, or 422 when the key was
// first used with another body.
func replayed(rp *dynamo.Replay, hash string, err error) (*reply, error) {
	if err != nil {
		return nil, err
	}
	if rp.BodyHash != hash {
		return nil, errs.New(errs.Unprocessable, "this Idempotency-Key was already used with a different body").WithCode("idempotency_key_reused")
	}
	r := &reply{status: rp.Status, contentType: "application/json", body: []byte(rp.Body)}
	r.header("Location", rp.Location).header("ETag", rp.ETag).header("Idempotent-Replayed", "true")
	return r, nil
}
