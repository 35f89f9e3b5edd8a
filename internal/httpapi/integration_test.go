package httpapi_test

import (
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"chargeback/internal/apitest"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/httpapi"
)

// testClock is a settable clock.
type testClock = apitest.Clock

// env is an API over a fresh table in DynamoDB Local: apitest.Env with the
// lower-case names these tests use.
type env struct {
	h      *httpapi.Handler
	routes []httpapi.Route
	clock  *testClock
	client *dynamodb.Client
	table  string
	store  *dynamo.Store
	calls  *atomic.Int64 // DynamoDB calls made
	api    *apitest.Env
}

// newEnv creates a table of its own for one test.
func newEnv(tb testing.TB) *env {
	tb.Helper()
	a := apitest.NewEnv(tb)
	return &env{h: a.Handler, routes: a.Routes, clock: a.Clock, client: a.Client, table: a.Table, store: a.Store, calls: a.Calls, api: a}
}

// do sends a request through the handler.
func (e *env) do(t testing.TB, who caller, method, target, body string, headers ...string) response {
	t.Helper()
	return fromAPITest(e.api.Do(t, who, method, target, body, headers...))
}

// create files a request and returns it, failing unless the answer is 201.
func (e *env) create(t testing.TB, who caller, body string, headers ...string) map[string]any {
	t.Helper()
	return e.api.Create(t, who, body, headers...)
}

// must sends a request and fails unless the status is want.
func (e *env) must(t testing.TB, want int, who caller, method, target, body string, headers ...string) map[string]any {
	t.Helper()
	return e.api.Must(t, want, who, method, target, body, headers...)
}

// lines reads the statement lines posted for a department's month.
func (e *env) lines(t testing.TB, month, dept string) []billing.Line {
	t.Helper()
	return e.api.Lines(t, month, dept)
}

// closeMonth closes a month the way the month close does.
func (e *env) closeMonth(t testing.TB, month string) {
	t.Helper()
	e.api.CloseMonth(t, month)
}
