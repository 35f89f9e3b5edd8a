package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"chargeback/internal/billing"
	"chargeback/internal/idempotency"
)

// reply is what a route handler answers; Handle turns it into the API
// Gateway response.
type reply struct {
	status      int
	contentType string
	headers     map[string]string
	body        []byte
}

// header sets a response header.
func (r *reply) header(name, value string) *reply {
	if r.headers == nil {
		r.headers = map[string]string{}
	}
	r.headers[name] = value
	return r
}

// stored is the reply as an idempotent write keeps it for replay.
func (r *reply) stored() idempotency.Reply {
	headers := map[string]string{"Content-Type": r.contentType}
	for k, v := range r.headers {
		headers[k] = v
	}
	return idempotency.Reply{Status: r.status, Body: string(r.body), Headers: headers}
}

// jsonReply answers v as JSON with the given status.
func jsonReply(status int, v any) (*reply, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return &reply{status: status, contentType: "application/json", body: b}, nil
}

// ok answers v as JSON with 200.
func ok(v any) (*reply, error) { return jsonReply(http.StatusOK, v) }

// csvReply answers a header row and records as text/csv.
func csvReply(header []string, rows [][]string) (*reply, error) {
	return csvBody(billing.WriteCSV(header, rows)), nil
}

// csvBody answers a CSV body with 200.
func csvBody(body []byte) *reply {
	return &reply{status: http.StatusOK, contentType: "text/csv; charset=utf-8", body: body}
}

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// wantsCSV reports whether the caller asked for CSV, by ?format=csv or an
// Accept header that prefers text/csv.
func wantsCSV(c *call) bool {
	return c.query("format") == "csv" || strings.HasPrefix(c.header("Accept"), "text/csv")
}
