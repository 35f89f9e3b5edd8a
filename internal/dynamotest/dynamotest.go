// Package dynamotest gives integration tests their DynamoDB Local endpoint
// and a fresh table. `make test` starts DynamoDB Local and sets
// DYNAMODB_ENDPOINT; a plain `go test` skips these tests and says why, and
// with CHARGEBACK_REQUIRE_DYNAMODB=1 a missing endpoint fails them instead.
package dynamotest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
)

// Endpoint returns DYNAMODB_ENDPOINT, or skips (or fails) the test.
func Endpoint(tb testing.TB) string {
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

var seq atomic.Int64

// Table creates a table of its own for one test, deleted when it ends, and
// returns its name.
func Table(tb testing.TB, client *dynamodb.Client) string {
	tb.Helper()
	name := fmt.Sprintf("test-%d-%d", time.Now().UnixNano(), seq.Add(1))
	if err := dynamo.EnsureTable(context.Background(), client, name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_, _ = client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	return name
}

// Lines reads a department's statement lines for a month through the
// store, as the statements do.
func Lines(tb testing.TB, store *dynamo.Store, month, dept string) []billing.Line {
	tb.Helper()
	lines, err := store.Lines(context.Background(), mustMonth(tb, month), dept)
	if err != nil {
		tb.Fatal(err)
	}
	return lines
}

// CloseMonth closes a month the way the month close does (posting its
// recurring lines and freezing its statements), over the embedded catalog
// in UTC, whether or not the month is over.
func CloseMonth(tb testing.TB, store *dynamo.Store, month string) {
	tb.Helper()
	org := billing.Org{Catalog: catalog.Load(), Location: time.UTC}
	if _, err := store.CloseMonth(context.Background(), mustMonth(tb, month), "test", time.Now(), org); err != nil {
		tb.Fatal(err)
	}
}

func mustMonth(tb testing.TB, s string) billing.Month {
	tb.Helper()
	m, err := billing.ParseMonth(s)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
