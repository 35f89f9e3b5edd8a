package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/openchargeback/chargeback/internal/dynamo"
	"github.com/openchargeback/chargeback/internal/errs"
	"github.com/openchargeback/chargeback/internal/request"
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
	scope := "POST /v1/requests|" + c.who.Subject + "|" + key
	hash := draftHash(draft)
	if key != "" {
		if rp, err := a.store.Replay(ctx, scope, c.now); err != nil || rp != nil {
			return replayed(rp, hash, err)
		}
	}
	r, err := request.New(newID(c.now), draft, c.now.Truncate(time.Second), a.cfg.Location)
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
		replay = &dynamo.Replay{Scope: scope, BodyHash: hash, Status: res.status, Body: string(res.body), Location: location, ExpiresAt: c.now.Add(dynamo.IdempotencyTTL)}
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
		time.Sleep(time.Duration(attempt*20) * time.Millisecond)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// draft checks who files the request for which department and service.
func (a *API) draft(c *call, body createBody) (request.Draft, error) {
	var fields []*errs.FieldError
	qty, qErr := decimalField("quantity", body.Quantity)
	if qErr == nil && qty == nil {
		qErr = &errs.FieldError{Field: "quantity", Message: "is required"}
	}
	fields = append(fields, qErr)
	svc, found := a.cat.Service(body.ServiceID)
	switch {
	case body.ServiceID == "":
		fields = append(fields, &errs.FieldError{Field: "service_id", Message: "is required"})
	case !found:
		fields = append(fields, &errs.FieldError{Field: "service_id", Message: "is not a service in the catalog"})
	}
	dept, dErr := a.requestDepartment(c, body.Department)
	if dErr != nil && !errs.Is(dErr, errs.Invalid) {
		return request.Draft{}, dErr
	}
	if dErr != nil {
		fields = append(fields, &dErr.(*errs.Error).Fields[0])
	}
	if err := fieldErrors(fields...); err != nil {
		return request.Draft{}, err
	}
	return request.Draft{Service: svc, Department: dept, Quantity: *qty, Note: body.Note, By: c.who.Subject}, nil
}

// requestDepartment resolves the department a request is for: a requester's
// own; the one IT or finance names.
func (a *API) requestDepartment(c *call, named string) (string, error) {
	if scoped(c.who) {
		switch {
		case c.who.Department == "":
			return "", errs.New(errs.Forbidden, "your token names no department")
		case named != "" && named != c.who.Department:
			return "", errs.Field("department", "a requester files requests for their own department only")
		}
		return c.who.Department, nil
	}
	if named == "" && c.who.Has(RoleRequester) {
		named = c.who.Department
	}
	d, found := a.cat.Department(named)
	switch {
	case named == "":
		return "", errs.Field("department", "is required when IT or finance files a request")
	case !found:
		return "", errs.Field("department", "is not a department in the catalog")
	case !d.Active:
		return "", errs.Field("department", "department %q is inactive", named)
	}
	return named, nil
}

// draftHash identifies a create's content, so a retry is recognised even
// when the JSON is spelled differently (1 and "1.0" are the same quantity).
func draftHash(d request.Draft) string {
	b, _ := json.Marshal([]string{d.Service.ID, d.Quantity.String(), d.Note, d.Department})
	sum := sha256.Sum256(b)
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
	return r.header("Location", rp.Location).header("Idempotent-Replayed", "true"), nil
}
