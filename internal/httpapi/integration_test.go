package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"

	"github.com/openchargeback/chargeback/catalog"
	"github.com/openchargeback/chargeback/internal/dynamo"
	"github.com/openchargeback/chargeback/internal/httpapi"
)

// dynamoEndpoint is DynamoDB Local, which the integration tests need.
// `make test` starts it and sets DYNAMODB_ENDPOINT; a plain `go test` skips
// them and says why (visible with -v).
func dynamoEndpoint(tb testing.TB) string {
	tb.Helper()
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
			tb.Fatal("DYNAMODB_ENDPOINT is not set but CHARGEBACK_REQUIRE_DYNAMODB=1")
		}
		tb.Skip("SKIPPING integration test: DYNAMODB_ENDPOINT is not set; run `make test` to start DynamoDB Local")
	}
	return endpoint
}

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
	calls  *atomic.Int64 // DynamoDB calls made
}

var tableSeq atomic.Int64

// newEnv creates a table of its own for one test.
func newEnv(tb testing.TB) *env {
	tb.Helper()
	endpoint := dynamoEndpoint(tb)
	calls := &atomic.Int64{}
	count := middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		calls.Add(1)
		return next.HandleInitialize(ctx, in)
	})
	client, err := dynamo.NewClient(context.Background(), endpoint, func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Initialize.Add(count, middleware.After) })
	})
	if err != nil {
		tb.Fatal(err)
	}
	table := fmt.Sprintf("test-%d-%d", time.Now().UnixNano(), tableSeq.Add(1))
	if err := dynamo.EnsureTable(context.Background(), client, table); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(table)})
	})
	clock := &testClock{now: testNow}
	api := httpapi.New(testConfig(), catalog.MustLoad(), dynamo.New(client, table), clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	calls.Store(0)
	return &env{h: api.Handler(""), routes: api.Routes(), clock: clock, client: client, table: table, calls: calls}
}

// do sends a request through the handler.
func (e *env) do(t testing.TB, who caller, method, target, body string, headers ...string) response {
	t.Helper()
	return call(t, e.h, e.routes, who, method, target, body, headers...)
}
