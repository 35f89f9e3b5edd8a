package apitest

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/httpapi"
)

// Response is what a test reads back from the handler.
type Response struct {
	Status  int
	Headers map[string]string
	Body    string
}

// JSON decodes the body into a map, failing the test if it is not JSON.
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, r.Body)
	}
	return m
}

// Call sends one request through h as API Gateway would (Event).
func Call(t testing.TB, h *httpapi.Handler, routes []httpapi.Route, who Caller, method, target, body string, headers ...string) Response {
	t.Helper()
	ev, _ := Event(t, routes, who, method, target, body, headers...)
	res, err := h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	return Response{Status: res.StatusCode, Headers: res.Headers, Body: res.Body}
}

// Event is the request API Gateway would send for method and target: the
// route key and path parameters of the route target matches in routes
// (found reports whether one does; otherwise the key is the method and
// path), the query, the headers given as name, value pairs, and who's
// claims (none when who is nil).
func Event(t testing.TB, routes []httpapi.Route, who Caller, method, target, body string, headers ...string) (ev events.APIGatewayV2HTTPRequest, found bool) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	ev = events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: u.Path, RawQueryString: u.RawQuery, Body: body, Headers: map[string]string{}}
	route, params, found := httpapi.Match(routes, method, u.Path)
	if found {
		ev.RouteKey, ev.PathParameters = route.Key(), params
	} else {
		ev.RouteKey = method + " " + u.Path
	}
	if q := u.Query(); len(q) > 0 {
		ev.QueryStringParameters = map[string]string{}
		for k, v := range q {
			ev.QueryStringParameters[k] = strings.Join(v, ",")
		}
	}
	for i := 0; i+1 < len(headers); i += 2 {
		ev.Headers[strings.ToLower(headers[i])] = headers[i+1]
	}
	if who != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: who},
		}
	}
	return ev, found
}
