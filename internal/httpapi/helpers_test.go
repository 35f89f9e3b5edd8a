package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
)

// testNow is the fixed time of unit tests: 2026-03-02 09:00 UTC.
var testNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func testConfig() httpapi.Config {
	return httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department", ITCostCenter: "CC-IT",
		JournalExpenseAccount: "6400", JournalRecoveryAccount: "6490"}
}

// newAPI returns the API over the embedded catalog with a fixed clock.
func newAPI(store httpapi.Store) *httpapi.API {
	return httpapi.New(testConfig(), catalog.MustLoad(), store, func() time.Time { return testNow }, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// caller is who a test request comes from; the zero value sends no claims.
type caller map[string]string

var (
	nobody     caller
	radiology  = caller{"sub": "dana", "groups": "[requester]", "department": "radiology"}
	pharmacy   = caller{"sub": "pat", "groups": `["requester"]`, "department": "pharmacy"}
	fulfiller  = caller{"sub": "sam", "groups": "[fulfiller]"}
	finance    = caller{"sub": "fran", "groups": "[finance]"}
	leadership = caller{"sub": "lee", "groups": "[leadership finance]"}
)

// response is what a test reads back.
type response struct {
	status  int
	headers map[string]string
	body    string
}

// decode reads the JSON body into a map.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, r.body)
	}
	return m
}

// call sends one request through the handler as API Gateway would.
func call(t testing.TB, h *httpapi.Handler, routes []httpapi.Route, who caller, method, target, body string, headers ...string) response {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	ev := events.APIGatewayV2HTTPRequest{Version: "2.0", RawPath: u.Path, RawQueryString: u.RawQuery, Body: body, Headers: map[string]string{}}
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
	res, err := h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatalf("Handle returned an error: %v", err)
	}
	return response{status: res.StatusCode, headers: res.Headers, body: res.Body}
}
