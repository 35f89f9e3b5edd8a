package dynamo

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// endpoint is DynamoDB Local's address, or a skip (a failure under `make
// test`) when there is none. (dynamotest.Endpoint says the same, but
// imports this package.)
func endpoint(t *testing.T) string {
	t.Helper()
	e := os.Getenv("DYNAMODB_ENDPOINT")
	if e == "" {
		if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
			t.Fatal("DYNAMODB_ENDPOINT is not set but CHARGEBACK_REQUIRE_DYNAMODB=1")
		}
		t.Skip("SKIPPING integration test: DYNAMODB_ENDPOINT is not set; run `make test` to start DynamoDB Local")
	}
	return e
}

// localStore is a store over a fresh table in DynamoDB Local, or a skip
// (a failure under `make test`) when there is none.
func localStore(t *testing.T) *Store {
	t.Helper()
	client := NewLocalClient(endpoint(t))
	name := fmt.Sprintf("history-%d", time.Now().UnixNano())
	if err := EnsureTable(context.Background(), client, name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	return New(client, name)
}

// TestAFiveThousandTimesChangedRequestIsStillCharged: the history lives in
// items of its own, so the request item stays small however often it
// changes, and a request changed 5,000 times is fulfilled and charged.
func TestAFiveThousandTimesChangedRequestIsStillCharged(t *testing.T) {
	s := localStore(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	qty := decimal.NewFromInt(2)
	r, err := request.New(request.NewID(now), request.Draft{ServiceID: "after-hours-support", Department: "radiology", Quantity: &qty, By: "dana"}, catalog.Load(), now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateRequest(ctx, r, nil); err != nil {
		t.Fatal(err)
	}
	// 5,000 changes, applied as the lifecycle applies them. Inline, their
	// history (about 150 bytes an entry) would pass DynamoDB's 400 KB item
	// limit. The entries are written in batches (ChangeRequest writes each in
	// its own transaction) and the request once, at its new version.
	for i := range 5000 {
		n := fmt.Sprintf("change %d", i)
		if err := r.Update(nil, &n, "dana", now); err != nil {
			t.Fatal(err)
		}
	}
	events := toEventItems(r, 1)
	for start := 0; start < len(events); start += 25 {
		var writes []types.WriteRequest
		for _, e := range events[start:min(start+25, len(events))] {
			item, err := attributevalue.MarshalMap(e)
			if err != nil {
				t.Fatal(err)
			}
			writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		}
		if _, err := s.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{s.table: writes}}); err != nil {
			t.Fatal(err)
		}
	}
	item, err := attributevalue.MarshalMap(toRequestItem(r))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item}); err != nil {
		t.Fatal(err)
	}

	hours := decimal.RequireFromString("3.5")
	done, err := s.ChangeRequest(ctx, r.ID, "radiology", func(r *request.Request) (billing.Posting, error) {
		return r.Fulfill(&hours, nil, "sam", now.Add(time.Hour), time.UTC)
	})
	if err != nil {
		t.Fatalf("fulfilling a request changed 5,000 times: %v", err)
	}
	if done.Status != request.Fulfilled || done.Version != 5002 || len(done.History) != 5002 {
		t.Errorf("got %s version %d with %d history entries, want fulfilled 5002 5002", done.Status, done.Version, len(done.History))
	}
	read, err := s.GetRequest(ctx, r.ID, "")
	if err != nil || len(read.History) != 5002 || read.History[4000].Note != "note changed" || read.History[5001].Action != request.Fulfill {
		t.Fatalf("read back: %v, %d entries", err, len(read.History))
	}
	march, _ := billing.ParseMonth("2026-03")
	lines, err := s.Lines(ctx, march, "radiology")
	// 3.5 h × 165.00 = 577.50, within the 4-hour SLA.
	if err != nil || len(lines) != 1 || lines[0].Amount.String() != "577.5" {
		t.Fatalf("lines: %v %+v, want one charge of 577.50", err, lines)
	}
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: key(requestPK(r.ID), requestSK)})
	if err != nil {
		t.Fatal(err)
	}
	if size := itemSize(out.Item); size > 4096 {
		t.Errorf("the request item is %d bytes after 5,002 changes; it must not grow with its history", size)
	}
}

// itemSize approximates an item's stored size: names and string values.
func itemSize(item map[string]types.AttributeValue) int {
	n := 0
	for k, v := range item {
		n += len(k)
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			n += len(v.Value)
		case *types.AttributeValueMemberL:
			n += 100 * len(v.Value)
		default:
			n += 8
		}
	}
	return n
}
