package dynamo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
	"chargeback/internal/request"
)

// queryAll runs a Query to its end, page by page (each page retried),
// handing each item to fn.
func (s *Store) queryAll(ctx context.Context, op string, in *dynamodb.QueryInput, fn func(map[string]types.AttributeValue) error) error {
	for {
		out, err := s.query(ctx, op, in)
		if err != nil {
			return err
		}
		for _, raw := range out.Items {
			if err := fn(raw); err != nil {
				return err
			}
		}
		if out.LastEvaluatedKey == nil {
			return nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// query reads one page of a Query, retried while storage is unavailable.
func (s *Store) query(ctx context.Context, op string, in *dynamodb.QueryInput) (*dynamodb.QueryOutput, error) {
	var out *dynamodb.QueryOutput
	err := retried(ctx, func() (err error) {
		out, err = s.client.Query(ctx, in)
		return storeErr(op, err)
	})
	return out, err
}

// partitionQuery reads a whole partition, strongly consistent.
func partitionQuery(table, pk string) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName: &table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}},
	}
}

// key is a table primary key.
func key(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		attrPK: &types.AttributeValueMemberS{Value: pk},
		attrSK: &types.AttributeValueMemberS{Value: sk},
	}
}

// queryPage reads one page of up to limit items of an index partition
// through in (which carries the cursor's start key), reading on while a
// filter leaves the page short, at most maxPageQueries calls. next is the
// cursor of the page after, empty at the end.
func queryPage[T any](ctx context.Context, s *Store, op string, in *dynamodb.QueryInput, idx requestIndex, pk string, limit int,
	read func(map[string]types.AttributeValue) (T, error)) (items []T, next string, err error) {
	for range maxPageQueries {
		out, err := s.query(ctx, op, in)
		if err != nil {
			return nil, "", err
		}
		for i, raw := range out.Items {
			it, err := read(raw)
			if err != nil {
				return nil, "", err
			}
			items = append(items, it)
			if len(items) == limit {
				if i < len(out.Items)-1 || out.LastEvaluatedKey != nil {
					next = encodeCursor(idx, pk, raw)
				}
				return items, next, nil
			}
		}
		if out.LastEvaluatedKey == nil {
			return items, "", nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
	return items, encodeCursor(idx, pk, in.ExclusiveStartKey), nil
}

// keepOpen decodes request items, appending to out those still open.
func keepOpen(out *[]*request.Request) func(map[string]types.AttributeValue) error {
	return func(raw map[string]types.AttributeValue) error {
		var it requestItem
		if err := attributevalue.UnmarshalMap(raw, &it); err != nil {
			return err
		}
		r, err := it.request()
		if err == nil && r.Status.Open() {
			*out = append(*out, r)
		}
		return err
	}
}

// maxBatchGet is the most keys one BatchGetItem takes.
const maxBatchGet = 100

// getAll reads the items with these keys, strongly consistent, in batches
// of 100 one after the other, asking again for what DynamoDB leaves
// unprocessed; a key without an item is skipped.
func (s *Store) getAll(ctx context.Context, keys []map[string]types.AttributeValue, fn func(map[string]types.AttributeValue) error) error {
	for start := 0; start < len(keys); start += maxBatchGet {
		pending := map[string]types.KeysAndAttributes{s.table: {
			Keys: keys[start:min(start+maxBatchGet, len(keys))], ConsistentRead: aws.Bool(true),
		}}
		done, err := withRetries(ctx, func(attempt int) (bool, error) {
			out, err := s.client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: pending})
			if err := storeErr("batch get", err); err != nil {
				if transient(err) && attempt < maxAttempts {
					return false, nil
				}
				return false, err
			}
			for _, raw := range out.Responses[s.table] {
				if err := fn(raw); err != nil {
					return false, err
				}
			}
			pending = out.UnprocessedKeys
			return len(pending[s.table].Keys) == 0, nil
		})
		if err != nil {
			return err
		}
		if !done {
			return errs.Wrap(errs.Unavailable, errors.New("unprocessed keys left after retries"), "storage is busy; retry")
		}
	}
	return nil
}
