package portal

import (
	"encoding/json"
	"net/http"
)

// noRoute is the API's own answer to a path it has no route for: the
// problem+json document every API error is (internal/httpapi/problem.go,
// and the local gateway's), never the page.
func noRoute(method, path string) reply {
	b, _ := json.Marshal(map[string]any{ // plain strings and an int
		"type":   "about:blank",
		"title":  http.StatusText(http.StatusNotFound),
		"status": http.StatusNotFound,
		"detail": "no route for " + method + " " + path,
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
