package dynamo

import (
	"context"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/billing"
	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// Errors the request writes report.
var (
	// ErrReplayRace means another create with the same Idempotency-Key won:
	// read its stored response and answer with that.
	ErrReplayRace = errs.New(errs.Conflict, "a request with this Idempotency-Key was just created").WithCode("idempotency_race")
	// ErrVersion means the request changed since it was read.
	ErrVersion = errs.New(errs.Conflict, "the request changed since it was read; read it again").WithCode("version_conflict")
	// ErrPeriodClosed means the change would post into a closed month.
	ErrPeriodClosed = errs.New(errs.Conflict, "that month is closed; nothing can be posted into it").WithCode("period_closed")
)

// GetRequest reads a request with a strongly consistent read.
func (s *Store) GetRequest(ctx context.Context, id string) (*Stored, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &s.table, Key: key(requestPK(id), requestSK), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, storeErr("get request", err)
	}
	if out.Item == nil {
		return nil, errs.New(errs.NotFound, "no request %q", id)
	}
	var it requestItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, err
	}
	return it.stored(), nil
}

// CreateRequest writes a new request and, with replay, its first response,
// in one transaction. It returns ErrReplayRace when a live response for the
// same key already exists.
func (s *Store) CreateRequest(ctx context.Context, r *request.Request, replay *Replay, now time.Time) error {
	item, err := attributevalue.MarshalMap(toRequestItem(r, nil))
	if err != nil {
		return err
	}
	put := types.TransactWriteItem{Put: &types.Put{
		TableName: &s.table, Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)"),
	}}
	if replay == nil {
		_, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{TableName: &s.table, Item: item, ConditionExpression: put.Put.ConditionExpression})
		return storeErr("put request", err)
	}
	idem, err := s.putReplay(replay, now)
	if err != nil {
		return err
	}
	_, err = s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{put, idem}})
	if reasons := cancelReasons(err); reasons != nil && !throttled(reasons) {
		// A conflicting or failed idempotency write means a concurrent
		// create with the same key: its response is (or is about to be)
		// stored.
		return ErrReplayRace
	}
	return storeErr("create request", err)
}

// Prev is the state a change was judged against: the write only lands if
// the stored request is still there.
type Prev struct {
	Version int
	Status  request.Status
}

// SaveRequest writes a changed request if it is still at prev's version and
// status, posting lines (and keeping copies of them on the request) in the
// same transaction. With a non-empty month it also checks that the month is
// open. It returns ErrVersion or ErrPeriodClosed when a condition fails.
func (s *Store) SaveRequest(ctx context.Context, r *Stored, prev Prev, lines []billing.Line, month string) error {
	for _, l := range lines {
		r.Charges = append(r.Charges, Charge{LineID: l.ID, Kind: l.Kind, Month: l.Month, Amount: l.Amount})
	}
	item, err := attributevalue.MarshalMap(toRequestItem(r.Request, r.Charges))
	if err != nil {
		return err
	}
	put := &types.Put{
		TableName: &s.table, Item: item,
		ConditionExpression:      aws.String("version = :version AND #status = :status"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":version": &types.AttributeValueMemberN{Value: strconv.Itoa(prev.Version)},
			":status":  &types.AttributeValueMemberS{Value: string(prev.Status)},
		},
	}
	if len(lines) == 0 && month == "" {
		_, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: put.TableName, Item: put.Item, ConditionExpression: put.ConditionExpression,
			ExpressionAttributeNames: put.ExpressionAttributeNames, ExpressionAttributeValues: put.ExpressionAttributeValues,
		})
		if conditionFailed(err) {
			return ErrVersion
		}
		return storeErr("put request", err)
	}
	items := []types.TransactWriteItem{{Put: put}}
	if month != "" {
		items = append(items, s.checkPeriodOpen(month))
	}
	for _, l := range lines {
		li, err := attributevalue.MarshalMap(toLineItem(l))
		if err != nil {
			return err
		}
		items = append(items, types.TransactWriteItem{Put: &types.Put{
			TableName: &s.table, Item: li, ConditionExpression: aws.String("attribute_not_exists(PK)"),
		}})
	}
	_, err = s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items})
	if reasons := cancelReasons(err); reasons != nil && !throttled(reasons) {
		if month != "" && len(reasons) > 1 && reasons[1] == "ConditionalCheckFailed" {
			return ErrPeriodClosed
		}
		// A failed version check, a line already posted, or a concurrent
		// transaction on the same items: the request moved on.
		return ErrVersion
	}
	return storeErr("save request", err)
}

// checkPeriodOpen is the transaction item that fails when month is closed
// (or being closed).
func (s *Store) checkPeriodOpen(month string) types.TransactWriteItem {
	return types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName:                 &s.table,
		Key:                       key(periodPK(month), periodSK),
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR #status = :open"),
		ExpressionAttributeNames:  map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":open": &types.AttributeValueMemberS{Value: "open"}},
	}}
}
