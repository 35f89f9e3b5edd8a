package dynamo

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/inquiry"
	"chargeback/internal/request"
)

// BenchmarkInquiry opens an inquiry about a fresh 100.00 line of an open
// month and resolves it with a credit of 10.00, through the store
// ("store") and as the bare DynamoDB calls the two need, made by hand
// with the same items ("raw"): one TransactWriteItems to open; three
// GetItems (the inquiry, the line's credits, the month) and one
// TransactWriteItems to resolve. The target: the store within 1.5× raw.
// Finding the line on the statement, which opening through the API adds,
// is BenchmarkStatement's.
func BenchmarkInquiry(b *testing.B) {
	m := mustBenchMonth(b, "2026-03")
	now := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
	fresh := func() *inquiry.Inquiry {
		id := request.NewID(now)
		l := billing.Line{ID: id + "-charge", Month: m, Department: benchDept, Kind: billing.KindCharge, RequestID: id,
			ServiceID: "svc", ServiceName: "Service", Amount: decimal.NewFromInt(100)}
		q, err := inquiry.New(request.NewID(now), l, inquiry.Draft{Reason: "not ours", By: "dana"}, inquiry.Requester, now)
		if err != nil {
			b.Fatal(err)
		}
		return q
	}
	credit := decimal.NewFromInt(10)
	resolution := inquiry.Resolution{Outcome: "credit", Amount: &credit, Note: "agreed", By: "fran"}
	ctx := context.Background()

	b.Run("store", func(b *testing.B) {
		e := newBenchEnv(b)
		before := e.calls.snapshot()
		for b.Loop() {
			q := fresh()
			if _, err := e.store.OpenInquiry(ctx, q, nil); err != nil {
				b.Fatal(err)
			}
			got, err := e.store.ChangeInquiry(ctx, q.ID, "", now, time.UTC, func(q *inquiry.Inquiry, credited decimal.Decimal) error {
				return q.Resolve(resolution, credited, inquiry.Finance, now)
			})
			if err != nil || got.AdjustmentMonth != m {
				b.Fatalf("resolve: %v %v", got, err)
			}
		}
		e.calls.report(b, before, b.N)
	})
	b.Run("raw", func(b *testing.B) {
		e := newBenchEnv(b)
		s := e.store
		before := e.calls.snapshot()
		for b.Loop() {
			q := fresh()
			rawOpen(b, ctx, s, q)
			rawResolve(b, ctx, s, q, resolution, now)
		}
		e.calls.report(b, before, b.N)
	})
}

// rawOpen makes OpenInquiry's one call by hand.
func rawOpen(b *testing.B, ctx context.Context, s *Store, q *inquiry.Inquiry) {
	b.Helper()
	item, err := attributevalue.MarshalMap(toInquiryItem(q))
	if err != nil {
		b.Fatal(err)
	}
	_, err = s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Update: &types.Update{TableName: &s.table, Key: key(lineInquiryPK(q.LineID), lineInquirySK),
			UpdateExpression: aws.String("SET open_inquiry = :id"), ConditionExpression: aws.String("attribute_not_exists(open_inquiry)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":id": str(q.ID)}}},
		{Update: &types.Update{TableName: &s.table, Key: key(periodPK(q.Month), periodInquiriesSK),
			UpdateExpression: aws.String("ADD #open :n"), ExpressionAttributeNames: map[string]string{"#open": "open"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":n": &types.AttributeValueMemberN{Value: "1"}}}},
		{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: key(periodPK(q.Month), periodSK),
			ConditionExpression: aws.String("attribute_not_exists(PK) OR #status <> :closed"), ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":closed": str("closed")}}},
	}})
	if err != nil {
		b.Fatal(err)
	}
}

// rawResolve makes ChangeInquiry's calls for a credit by hand: read the
// inquiry, the line's credits and the month, then write.
func rawResolve(b *testing.B, ctx context.Context, s *Store, q *inquiry.Inquiry, res inquiry.Resolution, now time.Time) {
	b.Helper()
	for _, k := range []map[string]types.AttributeValue{key(inquiryPK(q.ID), inquirySK), key(lineInquiryPK(q.LineID), lineInquirySK), key(periodPK(q.Month), periodSK)} {
		if _, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &s.table, Key: k, ConsistentRead: aws.Bool(true)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := q.Resolve(res, decimal.Zero, inquiry.Finance, now); err != nil {
		b.Fatal(err)
	}
	l, _ := q.CreditLine(q.Month, now)
	q.AdjustmentLineID, q.AdjustmentMonth = l.ID, q.Month
	inq, err := attributevalue.MarshalMap(toInquiryItem(q))
	if err != nil {
		b.Fatal(err)
	}
	line, err := attributevalue.MarshalMap(toLineItem(l))
	if err != nil {
		b.Fatal(err)
	}
	_, err = s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &s.table, Item: inq, ConditionExpression: aws.String("version = :v AND #status = :open"),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberN{Value: "1"}, ":open": str("open")}}},
		{Update: &types.Update{TableName: &s.table, Key: key(lineInquiryPK(q.LineID), lineInquirySK),
			UpdateExpression:          aws.String("SET credited = if_not_exists(credited, :zero) + :c REMOVE open_inquiry"),
			ConditionExpression:       aws.String("open_inquiry = :id AND attribute_not_exists(credited)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":zero": &types.AttributeValueMemberN{Value: "0"}, ":c": &types.AttributeValueMemberN{Value: "10"}, ":id": str(q.ID)}}},
		{ConditionCheck: &types.ConditionCheck{TableName: &s.table, Key: key(periodPK(q.Month), periodSK),
			ConditionExpression: aws.String("attribute_not_exists(PK) OR #status = :open"), ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":open": str("open")}}},
		{Put: &types.Put{TableName: &s.table, Item: line, ConditionExpression: aws.String("attribute_not_exists(PK)")}},
		{Update: &types.Update{TableName: &s.table, Key: key(periodPK(q.Month), periodInquiriesSK),
			UpdateExpression: aws.String("ADD #open :n"), ExpressionAttributeNames: map[string]string{"#open": "open"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":n": &types.AttributeValueMemberN{Value: "-1"}}}},
	}})
	if err != nil {
		b.Fatal(err)
	}
}
