package httpapi

import (
	"encoding/json"
	"net/http"

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
	// binary bodies travel base64 to API Gateway and are never gzipped
	// again (a workbook is a zip already).
	binary bool
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

// csvFile answers a CSV body with 200 as a download: a file the browser
// saves as filename, a name that says what it holds (such as
// "statement-2026-03-radiology.csv"), made only of ids, months and
// hyphens.
func csvFile(filename string, body []byte) *reply {
	r := &reply{status: http.StatusOK, contentType: "text/csv; charset=utf-8", body: body}
	return r.header("Content-Disposition", `attachment; filename="`+filename+`"`)
}

// csvTable answers a header row and records as a CSV download.
func csvTable(filename string, header []string, rows [][]string) *reply {
	return csvFile(filename, billing.WriteCSV(header, rows))
}

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}
