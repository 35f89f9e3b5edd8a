package dynamo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

func TestRequestItemRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	r := &request.Request{
		ID: "01J", Department: "radiology", ServiceID: "report-development", ServiceName: "Report development",
		Pricing: "hourly", Unit: "hour", Quantity: decimal.RequireFromString("2.5"),
		QuotedUnitPrice: decimal.RequireFromString("95.00"), EstimatedCharge: decimal.RequireFromString("237.50"),
		Status: request.Fulfilled, Note: "n", RequestedBy: "dana", CreatedAt: at, SLAHours: 160,
		SLADueAt: at.Add(160 * time.Hour), FulfilledAt: at.Add(time.Hour), FulfilledQuantity: decimal.RequireFromString("3.25"),
		Version: 3, History: []request.Event{{At: at, By: "dana", Action: request.Create, To: request.Submitted}},
	}
	charges := []Charge{{LineID: "01J-charge", Kind: billing.KindCharge, Month: "2026-03", Amount: decimal.RequireFromString("308.75")}}
	av, err := attributevalue.MarshalMap(toRequestItem(r, charges))
	if err != nil {
		t.Fatal(err)
	}
	if _, open := av[attrGSI3PK]; open {
		t.Error("a fulfilled request is in the open-requests index")
	}
	var it requestItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		t.Fatal(err)
	}
	got := it.stored()
	if diff := cmp.Diff(&Stored{Request: r, Charges: charges}, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	r.Status = request.Approved
	if av, _ := attributevalue.MarshalMap(toRequestItem(r, nil)); av[attrGSI3PK] == nil {
		t.Error("an approved request is missing from the open-requests index")
	}
}

func TestCursor(t *testing.T) {
	item := func(pk, sk, gpk, gsk string) map[string]types.AttributeValue {
		return map[string]types.AttributeValue{
			attrPK: &types.AttributeValueMemberS{Value: pk}, attrSK: &types.AttributeValueMemberS{Value: sk},
			attrGSI1PK: &types.AttributeValueMemberS{Value: gpk}, attrGSI1SK: &types.AttributeValueMemberS{Value: gsk},
			"status": &types.AttributeValueMemberS{Value: "submitted"},
		}
	}
	c := encodeCursor(byDepartment, "DEPT#radiology", item("REQ#1", requestSK, "DEPT#radiology", "2026#1"))
	got, err := decodeCursor(c, byDepartment, "DEPT#radiology")
	if err != nil || len(got) != 4 || got[attrGSI1SK].(*types.AttributeValueMemberS).Value != "2026#1" {
		t.Fatalf("round trip: %v %v", got, err)
	}
	tests := []struct {
		name, cursor string
		idx          requestIndex
		pk           string
	}{
		{"other department", c, byDepartment, "DEPT#pharmacy"},
		{"other index", c, allRequests, allRequestsPK},
		{"not base64", "!!!", byDepartment, "DEPT#radiology"},
		{"not JSON", "bm90IGpzb24", byDepartment, "DEPT#radiology"},
		{"other partition in the key", encodeCursor(byDepartment, "DEPT#radiology", item("REQ#1", requestSK, "DEPT#pharmacy", "2026#1")), byDepartment, "DEPT#radiology"},
		{"not a request", encodeCursor(byDepartment, "DEPT#radiology", item("PERIOD#2026-01", requestSK, "DEPT#radiology", "2026#1")), byDepartment, "DEPT#radiology"},
		{"sort key of another item", encodeCursor(byDepartment, "DEPT#radiology", item("REQ#1", requestSK, "DEPT#radiology", "2026#2")), byDepartment, "DEPT#radiology"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeCursor(tt.cursor, tt.idx, tt.pk); !errs.Is(err, errs.Invalid) {
				t.Errorf("got %v, want an invalid cursor", err)
			}
		})
	}
}

func TestStoreErr(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want errs.Kind
	}{
		{"throttled", &types.ProvisionedThroughputExceededException{}, errs.Unavailable},
		{"request limit", &types.RequestLimitExceeded{}, errs.Unavailable},
		{"server error", &types.InternalServerError{}, errs.Unavailable},
		{"network", &net.OpError{Op: "dial", Err: errors.New("refused")}, errs.Unavailable},
		{"deadline", context.DeadlineExceeded, errs.Unavailable},
		{"a bug", &types.ResourceNotFoundException{}, errs.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errs.KindOf(storeErr("op", fmt.Errorf("wrapped: %w", tt.err))); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestEnsureTableIsIdempotentAndEnablesTTL(t *testing.T) {
	endpoint := os.Getenv("DYNAMODB_ENDPOINT")
	if endpoint == "" {
		if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
			t.Fatal("DYNAMODB_ENDPOINT is not set but CHARGEBACK_REQUIRE_DYNAMODB=1")
		}
		t.Skip("SKIPPING integration test: DYNAMODB_ENDPOINT is not set; run `make test` to start DynamoDB Local")
	}
	ctx := context.Background()
	client, err := NewClient(ctx, endpoint)
	if err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("ensure-%d", time.Now().UnixNano())
	defer client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	for range 2 {
		if err := EnsureTable(ctx, client, name); err != nil {
			t.Fatal(err)
		}
	}
	ttl, err := client.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if d := ttl.TimeToLiveDescription; d.TimeToLiveStatus != types.TimeToLiveStatusEnabled || aws.ToString(d.AttributeName) != TTLAttribute {
		t.Errorf("TTL: got %s on %q", d.TimeToLiveStatus, aws.ToString(d.AttributeName))
	}
	desc, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(desc.Table.GlobalSecondaryIndexes); n != 3 {
		t.Errorf("indexes: got %d, want 3", n)
	}
}
