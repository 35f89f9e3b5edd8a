package apitest

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
	"chargeback/internal/workbook"
	"chargeback/internal/workbook/xlsx"
)

// Clock is a settable clock, safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at now.
func NewClock(now time.Time) *Clock { return &Clock{now: now} }

// Now returns the time the clock was last set to.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// Env is an API over a fresh table in DynamoDB Local, as Lambda runs it.
type Env struct {
	Handler *httpapi.Handler
	Routes  []httpapi.Route
	Clock   *Clock // the API's clock, at Now to begin with
	Client  *dynamodb.Client
	Table   string
	Store   *dynamo.Store
	Calls   *atomic.Int64 // DynamoDB calls made through Client since NewEnv
}

// NewEnv creates a table of its own for one test, dropped when it ends, and
// an API over it. It skips the test, or fails it, when DynamoDB Local is
// not there (see dynamotest.Endpoint).
func NewEnv(tb testing.TB) *Env {
	tb.Helper()
	endpoint := dynamotest.Endpoint(tb)
	calls := &atomic.Int64{}
	count := middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		calls.Add(1)
		return next.HandleInitialize(ctx, in)
	})
	client := dynamo.NewLocalClient(endpoint, func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Initialize.Add(count, middleware.After) })
	})
	table := dynamotest.Table(tb, client)
	clock := NewClock(Now)
	store := dynamo.New(client, table)
	api := httpapi.New(Config(), catalog.Load(), store, clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil))).WithWorkbooks(workbook.Builder(xlsx.Build))
	calls.Store(0)
	return &Env{Handler: api.Handler(""), Routes: api.Routes(), Clock: clock, Client: client, Table: table, Store: store, Calls: calls}
}

// Do sends a request through the handler.
func (e *Env) Do(t testing.TB, who Caller, method, target, body string, headers ...string) Response {
	t.Helper()
	return Call(t, e.Handler, e.Routes, who, method, target, body, headers...)
}

// Must sends a request and fails the test unless the status is want. It
// returns the body decoded when it is a JSON object, and nil otherwise.
func (e *Env) Must(t testing.TB, want int, who Caller, method, target, body string, headers ...string) map[string]any {
	t.Helper()
	res := e.Do(t, who, method, target, body, headers...)
	if res.Status != want {
		t.Fatalf("%s %s: got %d, want %d\n%s", method, target, res.Status, want, res.Body)
	}
	if strings.HasPrefix(res.Body, "{") {
		return res.JSON(t)
	}
	return nil
}

// Create files a request and fails the test unless it is created.
func (e *Env) Create(t testing.TB, who Caller, body string, headers ...string) map[string]any {
	t.Helper()
	res := e.Do(t, who, "POST", "/v1/requests", body, headers...)
	if res.Status != http.StatusCreated {
		t.Fatalf("create: got %d, want 201\n%s", res.Status, res.Body)
	}
	return res.JSON(t)
}

// Lines reads the statement lines posted for a department's month.
func (e *Env) Lines(t testing.TB, month, dept string) []billing.Line {
	t.Helper()
	return dynamotest.Lines(t, e.Store, month, dept)
}

// CloseMonth closes a month the way the month close does.
func (e *Env) CloseMonth(t testing.TB, month string) {
	t.Helper()
	dynamotest.CloseMonth(t, e.Store, month)
}
