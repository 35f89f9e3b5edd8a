package local

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/openchargeback/chargeback/catalog"
	"github.com/openchargeback/chargeback/internal/dynamo"
	"github.com/openchargeback/chargeback/internal/httpapi"
)

func TestSeedFilesSamplesOnce(t *testing.T) {
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
			t.Fatal("DYNAMODB_ENDPOINT is not set but CHARGEBACK_REQUIRE_DYNAMODB=1")
		}
		t.Skip("SKIPPING integration test: DYNAMODB_ENDPOINT is not set; run `make test` to start DynamoDB Local")
	}
	ctx := context.Background()
	client, err := dynamo.NewClient(ctx, endpoint)
	if err != nil {
		t.Fatal(err)
	}
	table := fmt.Sprintf("seed-%d", time.Now().UnixNano())
	if err := dynamo.EnsureTable(ctx, client, table); err != nil {
		t.Fatal(err)
	}
	defer client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(table)})
	cfg := httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}
	api := httpapi.New(cfg, catalog.MustLoad(), dynamo.New(client, table), time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	gw := NewGateway(api, secret)
	for i, want := range []int{len(sampleRequests), 0} {
		n, err := gw.Seed(secret)
		if err != nil || n != want {
			t.Errorf("seed %d: got %d, %v; want %d", i+1, n, err, want)
		}
	}
}
