package dynamo

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
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
	march, _ := billing.ParseMonth("2026-03")
	r := &request.Request{
		ID: "01J", Department: "radiology", ServiceID: "report-development", ServiceName: "Report development",
		Pricing: "hourly", Unit: "hour", Fractional: true, Quantity: decimal.RequireFromString("2.5"),
		QuotedUnitPrice: decimal.RequireFromString("95.00"), EstimatedCharge: decimal.RequireFromString("237.50"),
		Status: request.Fulfilled, Note: "n", RequestedBy: "dana", CreatedAt: at, SLAHours: 160,
		SLADueAt: at.Add(160 * time.Hour), FulfilledAt: at.Add(time.Hour), FulfilledQuantity: decimal.RequireFromString("3.25"),
		Version: 2, History: []request.Event{
			{At: at, By: "dana", Action: request.Create, To: request.Approved},
			{At: at.Add(time.Hour), By: "sam", Action: request.Fulfill, From: request.Approved, To: request.Fulfilled},
		},
		Charges: []request.Charge{{LineID: "01J-charge", Kind: billing.KindCharge, Month: march, Amount: decimal.RequireFromString("308.75")}},
	}
	av, err := attributevalue.MarshalMap(toRequestItem(r))
	if err != nil {
		t.Fatal(err)
	}
	if _, open := av[attrGSI3PK]; open {
		t.Error("a fulfilled request is in the open-requests index")
	}
	if _, inside := av["history"]; inside {
		t.Error("the history is stored inside the request item; it must be items of its own")
	}
	var it requestItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		t.Fatal(err)
	}
	got, err := it.request()
	if err != nil {
		t.Fatal(err)
	}
	events := toEventItems(r, 0)
	if len(events) != 2 || events[1].SK != "EVENT#0000000002" || events[0].PK != av[attrPK].(*types.AttributeValueMemberS).Value {
		t.Fatalf("event items: got %+v", events)
	}
	if later := toEventItems(r, 1); len(later) != 1 || later[0].Version != 2 {
		t.Errorf("events after version 1: got %+v, want the one that made version 2", later)
	}
	for _, e := range events {
		// The stream image of a history entry alone makes its event.
		if e.RequestID != r.ID || e.Department != r.Department || e.ServiceID != r.ServiceID {
			t.Errorf("event %s carries request %q, department %q, service %q; want %q, %q, %q",
				e.SK, e.RequestID, e.Department, e.ServiceID, r.ID, r.Department, r.ServiceID)
		}
	}
	for _, e := range events {
		ev, err := e.event()
		if err != nil {
			t.Fatal(err)
		}
		got.History = append(got.History, ev)
	}
	eq := cmp.Options{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }), cmp.AllowUnexported(billing.Month{})}
	if diff := cmp.Diff(r, got, eq); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	r.Status = request.Approved
	if av, _ := attributevalue.MarshalMap(toRequestItem(r)); av[attrGSI3PK] == nil {
		t.Error("an approved request is missing from the open-requests index")
	}
}

func TestStoredValuesThatDoNotParseAreErrors(t *testing.T) {
	good := toRequestItem(&request.Request{ID: "01J", CreatedAt: time.Now(), Quantity: decimal.NewFromInt(1)})
	tests := []struct {
		name  string
		spoil func(*requestItem)
	}{
		{"quantity", func(it *requestItem) { it.Quantity = "two" }},
		{"price", func(it *requestItem) { it.QuotedUnitPrice = "1,50" }},
		{"created_at", func(it *requestItem) { it.CreatedAt = "yesterday" }},
		{"fulfilled_at", func(it *requestItem) { it.FulfilledAt = "2026-13-01T00:00:00Z" }},
		{"charge amount", func(it *requestItem) { it.Charges = []lineRef{{ID: "x", Month: "2026-03", Amount: "NaN"}} }},
		{"charge month", func(it *requestItem) { it.Charges = []lineRef{{ID: "x", Month: "March", Amount: "1"}} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := good
			tt.spoil(&it)
			if _, err := it.request(); err == nil {
				t.Errorf("got no error, want one naming %s", tt.name)
			}
		})
	}
	if _, err := good.request(); err != nil {
		t.Errorf("a good item: %v", err)
	}
	if _, err := (lineItem{ID: "l", Month: "2026-03", Amount: "12.3.4"}).line(); err == nil {
		t.Error("a line amount that does not parse: got no error")
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
	const id, id2 = "01JNQX3Z5Y0000000000000000", "01JNQX3Z5Y0000000000000001"
	order := formatTime(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) + "#"
	c := encodeCursor(byDepartment, "DEPT#radiology", item("REQ#"+id, requestSK, "DEPT#radiology", order+id))
	got, err := decodeCursor(c, byDepartment, "DEPT#radiology")
	if err != nil || len(got) != 4 || got[attrGSI1SK].(*types.AttributeValueMemberS).Value != order+id {
		t.Fatalf("round trip: %v %v", got, err)
	}
	forged := func(pk, sk, gpk, gsk string) string {
		return encodeCursor(byDepartment, "DEPT#radiology", item(pk, sk, gpk, gsk))
	}
	huge := strings.Repeat("9", 3000)
	tests := []struct {
		name, cursor string
		idx          requestIndex
		pk           string
	}{
		{"other department", c, byDepartment, "DEPT#pharmacy"},
		{"other index", c, allRequests, allRequestsPK},
		{"not base64", "!!!", byDepartment, "DEPT#radiology"},
		{"not JSON", "bm90IGpzb24", byDepartment, "DEPT#radiology"},
		{"other partition in the key", forged("REQ#"+id, requestSK, "DEPT#pharmacy", order+id), byDepartment, "DEPT#radiology"},
		{"not a request", forged("PERIOD#2026-01", requestSK, "DEPT#radiology", order+id), byDepartment, "DEPT#radiology"},
		{"sort key of another item", forged("REQ#"+id, requestSK, "DEPT#radiology", order+id2), byDepartment, "DEPT#radiology"},
		{"not a request id", forged("REQ#1", requestSK, "DEPT#radiology", order+"1"), byDepartment, "DEPT#radiology"},
		{"3,000-byte id", forged("REQ#"+huge, requestSK, "DEPT#radiology", order+huge), byDepartment, "DEPT#radiology"},
		{"3,000-byte time", forged("REQ#"+id, requestSK, "DEPT#radiology", huge+"#"+id), byDepartment, "DEPT#radiology"},
		{"time in another layout", forged("REQ#"+id, requestSK, "DEPT#radiology", "2026-03-02T09:00:00Z#"+id), byDepartment, "DEPT#radiology"},
		{"event sort key", forged("REQ#"+id, "EVENT#0000000001", "DEPT#radiology", order+id), byDepartment, "DEPT#radiology"},
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
	ctx := context.Background()
	client := NewLocalClient(endpoint(t))
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
