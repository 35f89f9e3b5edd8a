package dynamo

import (
	"context"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// IdempotencyTTL is how long a stored first response is replayed.
const IdempotencyTTL = 24 * time.Hour

// Replay is the first response to a request sent with an Idempotency-Key,
// kept so that a retry gets the same answer.
type Replay struct {
	// Scope identifies the key: a hash of the route, the caller and the key.
	Scope string
	// BodyHash identifies the request body the key was first used with.
	BodyHash  string
	Status    int
	Body      string
	Location  string
	ETag      string
	ExpiresAt time.Time
}

type replayItem struct {
	PK        string
	SK        string
	Type      string `dynamodbav:"type"`
	BodyHash  string `dynamodbav:"body_hash"`
	Status    int    `dynamodbav:"status"`
	Body      string `dynamodbav:"body"`
	Location  string `dynamodbav:"location,omitempty"`
	ETag      string `dynamodbav:"etag,omitempty"`
	ExpiresAt int64  `dynamodbav:"expires_at"`
}

// Replay returns the stored response for scope, or nil when there is none
// or it has expired (TTL deletion is lazy, so expiry is checked here too).
func (s *Store) Replay(ctx context.Context, scope string, now time.Time) (*Replay, error) {
	out, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: &s.table, Key: key(idemPK(scope), idemSK), ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return nil, storeErr("get idempotency record", err)
	}
	if out.Item == nil {
		return nil, nil
	}
	var it replayItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return nil, err
	}
	if it.ExpiresAt <= now.Unix() {
		return nil, nil
	}
	return &Replay{Scope: scope, BodyHash: it.BodyHash, Status: it.Status, Body: it.Body, Location: it.Location, ETag: it.ETag, ExpiresAt: time.Unix(it.ExpiresAt, 0)}, nil
}

// putReplay is the transaction item that stores a first response, unless a
// live one exists for the same scope.
func (s *Store) putReplay(r *Replay, now time.Time) (types.TransactWriteItem, error) {
	item, err := attributevalue.MarshalMap(replayItem{
		PK: idemPK(r.Scope), SK: idemSK, Type: "idempotency", BodyHash: r.BodyHash,
		Status: r.Status, Body: r.Body, Location: r.Location, ETag: r.ETag, ExpiresAt: r.ExpiresAt.Unix(),
	})
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{
		TableName:                 &s.table,
		Item:                      item,
		ConditionExpression:       aws.String("attribute_not_exists(PK) OR expires_at <= :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":now": &types.AttributeValueMemberN{Value: strconv.FormatInt(now.Unix(), 10)}},
	}}, nil
}

// key is a table primary key.
func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		attrPK: &types.AttributeValueMemberS{Value: pk},
		attrSK: &types.AttributeValueMemberS{Value: sk},
	}
}
