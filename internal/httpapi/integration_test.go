package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"chargeback/catalog"
	"chargeback/internal/dynamo"
	"chargeback/internal/dynamotest"
	"chargeback/internal/httpapi"
)

// testClock is a settable clock.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// env is an API over a fresh table in DynamoDB Local.
type env struct {
	h      *httpapi.Handler
	routes []httpapi.Route
	clock  *testClock
	client *dynamodb.Client
	table  string
	store  *dynamo.Store
	calls  *atomic.Int64 // DynamoDB calls made
}

// newEnv creates a table of its own for one test.
func newEnv(tb testing.TB) *env {
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
	clock := &testClock{now: testNow}
	store := dynamo.New(client, table)
	api := httpapi.New(testConfig(), catalog.MustLoad(), store, clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	calls.Store(0)
	return &env{h: api.Handler(""), routes: api.Routes(), clock: clock, client: client, table: table, store: store, calls: calls}
}

// do sends a request through the handler.
func (e *env) do(t testing.TB, who caller, method, target, body string, headers ...string) response {
	t.Helper()
	return call(t, e.h, e.routes, who, method, target, body, headers...)
}
