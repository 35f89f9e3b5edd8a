package dynamo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
)

// maxBatch is the most items one BatchWriteItem takes.
const maxBatch = 25

// putAll writes items in batches of 25, a few batches at a time,
// unconditionally: only for items whose key and content are fully
// determined by what they record, so that writing one twice is the same as
// writing it once. Items DynamoDB leaves unprocessed are sent again, a few
// times, then the call is "unavailable" (and a rerun finishes the job).
func (s *Store) putAll(ctx context.Context, items []any) error {
	var batches [][]types.WriteRequest
	for start := 0; start < len(items); start += maxBatch {
		end := min(start+maxBatch, len(items))
		writes := make([]types.WriteRequest, 0, end-start)
		for _, v := range items[start:end] {
			item, err := attributevalue.MarshalMap(v)
			if err != nil {
				return err
			}
			writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		}
		batches = append(batches, writes)
	}
	return each(ctx, len(batches), func(ctx context.Context, i int) error { return s.batchWrite(ctx, batches[i]) })
}

// batchWrite sends one batch, resending what DynamoDB leaves unprocessed,
// and the whole of what is pending when storage was unavailable (writing
// these items again changes nothing).
func (s *Store) batchWrite(ctx context.Context, writes []types.WriteRequest) error {
	pending := map[string][]types.WriteRequest{s.table: writes}
	done, err := withRetries(ctx, func(attempt int) (bool, error) {
		out, err := s.client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: pending})
		if err := storeErr("batch write", err); err != nil {
			if transient(err) && attempt < maxAttempts {
				return false, nil
			}
			return false, err
		}
		pending = out.UnprocessedItems
		return len(pending[s.table]) == 0, nil
	})
	if err == nil && !done {
		err = errs.Wrap(errs.Unavailable, errors.New("unprocessed items left after retries"), "storage is busy; retry")
	}
	return err
}
