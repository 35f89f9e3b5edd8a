package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"chargeback/internal/errs"
)

// statusOf is the one map from error kind to HTTP status.
var statusOf = map[errs.Kind]int{
	errs.Invalid:       http.StatusBadRequest,
	errs.Unauthorized:  http.StatusUnauthorized,
	errs.Forbidden:     http.StatusForbidden,
	errs.NotFound:      http.StatusNotFound,
	errs.Conflict:      http.StatusConflict,
	errs.TooLarge:      http.StatusRequestEntityTooLarge,
	errs.NotAcceptable: http.StatusNotAcceptable,
	errs.Unprocessable: http.StatusUnprocessableEntity,
	errs.Unavailable:   http.StatusServiceUnavailable,
	errs.Internal:      http.StatusInternalServerError,
}

// problemReply turns err into a problem reply. Errors that are not
// *errs.Error are shown only as "internal error"; Handle logs their cause.
func problemReply(err error) *reply {
	var e *errs.Error
	if !errors.As(err, &e) {
		e = errs.New(errs.Internal, "internal error")
	}
	status, ok := statusOf[e.Kind]
	if !ok {
		status = http.StatusInternalServerError
	}
	// Extra members go in first so they never overwrite the standard ones.
	doc := map[string]any{}
	for k, v := range e.Extra {
		doc[k] = v
	}
	doc["type"] = "about:blank"
	doc["title"] = http.StatusText(status)
	doc["status"] = status
	doc["detail"] = e.Message
	doc["code"] = e.ProblemCode()
	if len(e.Fields) > 0 {
		doc["errors"] = e.Fields
	}
	b, _ := json.Marshal(doc)
	r := &reply{status: status, contentType: "application/problem+json", body: b}
	if status == http.StatusServiceUnavailable {
		r.header("Retry-After", "2")
	}
	return r
}

// causeOf is what the log says went wrong behind a 5xx: the whole chain,
// causes included.
func causeOf(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	var e *errs.Error
	if errors.As(err, &e) && e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}
