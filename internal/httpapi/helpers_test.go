package httpapi_test

import (
	"testing"

	"chargeback/internal/apitest"
	"chargeback/internal/httpapi"
)

// The API's own tests call apitest through the short names they were
// written with; apitest holds the one implementation, shared with the
// system and template tests.

// testNow is the fixed time of unit tests: 2026-03-02 09:00 UTC.
var testNow = apitest.Now

func testConfig() httpapi.Config { return apitest.Config() }

// newAPI returns the API over the embedded catalog with a fixed clock.
func newAPI(store httpapi.Store) *httpapi.API { return apitest.NewAPI(store) }

// caller is who a test request comes from; the zero value sends no claims.
type caller = apitest.Caller

var (
	nobody     caller
	radiology  = apitest.Radiology
	pharmacy   = apitest.Pharmacy
	fulfiller  = apitest.Fulfiller
	finance    = apitest.Finance
	leadership = apitest.Leadership
)

// response is what a test reads back: apitest.Response with the lower-case
// field names these tests use.
type response struct {
	status  int
	headers map[string]string
	body    string
}

func fromAPITest(r apitest.Response) response {
	return response{status: r.Status, headers: r.Headers, body: r.Body}
}

func (r response) apitest() apitest.Response {
	return apitest.Response{Status: r.status, Headers: r.headers, Body: r.body}
}

// json decodes the JSON body into a map.
func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	return r.apitest().JSON(t)
}

// call sends one request through the handler as API Gateway would.
func call(t testing.TB, h *httpapi.Handler, routes []httpapi.Route, who caller, method, target, body string, headers ...string) response {
	t.Helper()
	return fromAPITest(apitest.Call(t, h, routes, who, method, target, body, headers...))
}
