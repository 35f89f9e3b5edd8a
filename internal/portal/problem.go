package portal

import (
	"encoding/json"
	"net/http"
)

// noRoute is the answer to a path under /v1/ the API has no route for: the
// problem+json document every API error is (internal/httpapi/problem.go),
// never the page. Its detail is the local gateway's, and like every 404
// body it repeats nothing the client sent.
func noRoute() reply {
	b, _ := json.Marshal(map[string]any{ // plain strings and an int
		"type":   "about:blank",
		"title":  http.StatusText(http.StatusNotFound),
		"status": http.StatusNotFound,
		"detail": "no such route",
		"code":   "not_found",
	})
	return reply{status: http.StatusNotFound, body: b, headers: map[string]string{
		"Content-Type": "application/problem+json", "Cache-Control": cacheNever,
	}}
}

// plain is a short text answer, such as the 404 for a path the portal
// does not have.
func plain(status int, text string) reply {
	return reply{status: status, body: []byte(text), headers: map[string]string{
		"Content-Type": "text/plain; charset=utf-8", "Cache-Control": cacheNever,
	}}
}
