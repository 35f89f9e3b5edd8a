package dynamo

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
	"chargeback/internal/idempotency"
)

// replayItem is the first reply to a write made with an Idempotency-Key.
type replayItem struct {
	PK        string
	SK        string
	Type      string            `dynamodbav:"type"`
	BodyHash  string            `dynamodbav:"body_hash"`
	Status    int               `dynamodbav:"status"`
	Body      string            `dynamodbav:"body"`
	Headers   map[string]string `dynamodbav:"headers,omitempty"`
	ExpiresAt int64             `dynamodbav:"expires_at"`
}

func toReplayItem(once *idempotency.Once) replayItem {
	return replayItem{
		PK: idemPK(once.Scope), SK: idemSK, Type: "idempotency", BodyHash: once.BodyHash,
		Status: once.Reply.Status, Body: once.Reply.Body, Headers: once.Reply.Headers, ExpiresAt: once.ExpiresAt().Unix(),
	}
}

// errReplayRace means another write with the same key won.
var errReplayRace = errs.New(errs.Conflict, "a write with this Idempotency-Key is being made; retry").WithCode("idempotency_in_progress")

// commitOnce commits t exactly once per Idempotency-Key. Without once it
// just commits. With once, a live stored reply for the key is returned
// instead of writing (ErrKeyReused when the body differs); otherwise the
// reply is stored in the same transaction, and if a concurrent write with
// the same key wins the race, its reply is returned once readable.
func (s *Store) commitOnce(ctx context.Context, once *idempotency.Once, t *tx) (*idempotency.Reply, error) {
	if once == nil {
		return nil, s.commit(ctx, t)
	}
	now := once.At
	if prev, err := s.replay(ctx, once, now); err != nil || prev != nil {
		return prev, err
	}
	t.put(toReplayItem(once), cond{
		expr:   "attribute_not_exists(PK) OR expires_at <= :now",
		values: map[string]types.AttributeValue{":now": &types.AttributeValueMemberN{Value: strconv.FormatInt(now.Unix(), 10)}},
	}, errReplayRace)
	// The stored reply goes first: when a concurrent write with the same
	// key won, its other items may fail too (a line's one open inquiry),
	// and the caller must get that write's reply, not their condition's
	// error. A transaction reports the first item whose condition failed.
	t.items = append(t.items[len(t.items)-1:], t.items[:len(t.items)-1]...)
	err := s.commit(ctx, t)
	if !errors.Is(err, errReplayRace) && !errors.Is(err, errWriteConflict) {
		return nil, err
	}
	var prev *idempotency.Reply
	done, err := withRetries(ctx, func(int) (bool, error) {
		var err error
		prev, err = s.replay(ctx, once, now)
		return prev != nil, err
	})
	if !done && err == nil {
		err = errReplayRace
	}
	return prev, err
}

// replay returns the live reply stored for once's key, or nil when there is
// none or it has expired (TTL deletion is lazy, so expiry is checked here
// too).
func (s *Store) replay(ctx context.Context, once *idempotency.Once, now time.Time) (*idempotency.Reply, error) {
	var out *dynamodb.GetItemOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: &s.table, Key: key(idemPK(once.Scope), idemSK), ConsistentRead: aws.Bool(true),
		})
		return storeErr("get idempotency record", err)
	})
	if err != nil {
		return nil, err
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
	return once.Replay(it.BodyHash, idempotency.Reply{Status: it.Status, Body: it.Body, Headers: it.Headers})
}
