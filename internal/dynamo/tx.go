package dynamo

import (
	"context"
	"crypto/rand"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/internal/errs"
)

// Errors a write's conditions report. Each item of a transaction carries
// the one its condition failing means.
var (
	// ErrVersion means the request changed since it was read.
	ErrVersion = errs.New(errs.Conflict, "the request changed since it was read; read it again").WithCode("version_conflict")
	// ErrPeriodClosed means the change would post into a month that is
	// closed or being closed.
	ErrPeriodClosed = errs.New(errs.Conflict, "that month is closed; nothing can be posted into it").WithCode("period_closed")
	// ErrLinePosted means a statement line with the same id exists.
	ErrLinePosted = errs.New(errs.Conflict, "that statement line is already posted").WithCode("line_already_posted")
	// errWriteConflict means another transaction was writing the same items
	// at the same moment: read again and retry.
	errWriteConflict = errs.New(errs.Conflict, "another change to the same items was under way; retry").WithCode("write_conflict")
)

// cond is a condition expression with its names and values.
type cond struct {
	expr   string
	names  map[string]string
	values map[string]types.AttributeValue
}

// notExists is the condition of a write that creates an item.
var notExists = cond{expr: "attribute_not_exists(PK)"}

// txItem is one write of a transaction and the error its condition failing
// means.
type txItem struct {
	write  types.TransactWriteItem
	failed error
}

// tx builds one all-or-nothing write.
type tx struct {
	table string
	items []txItem
	err   error // the first item that could not be marshalled
}

func (s *Store) newTx() *tx { return &tx{table: s.table} }

// put adds a write of v, which lands only if c holds; failed is what c
// failing means.
func (t *tx) put(v any, c cond, failed error) {
	item, err := attributevalue.MarshalMap(v)
	if err != nil {
		if t.err == nil {
			t.err = err
		}
		return
	}
	t.items = append(t.items, txItem{failed: failed, write: types.TransactWriteItem{Put: &types.Put{
		TableName: &t.table, Item: item, ConditionExpression: aws.String(c.expr),
		ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values,
	}}})
}

// update adds an unconditional update of the item at key; u.expr is the
// update expression (counters that only ever grow).
func (t *tx) update(key map[string]types.AttributeValue, u cond) {
	t.items = append(t.items, txItem{write: types.TransactWriteItem{Update: &types.Update{
		TableName: &t.table, Key: key, UpdateExpression: aws.String(u.expr),
		ExpressionAttributeNames: u.names, ExpressionAttributeValues: u.values,
	}}})
}

// updateIf adds an update of the item at key that lands only if c holds;
// failed is what c failing means. u and c may share names and values.
func (t *tx) updateIf(key map[string]types.AttributeValue, u, c cond, failed error) {
	names, values := map[string]string{}, map[string]types.AttributeValue{}
	for _, x := range []cond{u, c} {
		maps.Copy(names, x.names)
		maps.Copy(values, x.values)
	}
	up := &types.Update{TableName: &t.table, Key: key, UpdateExpression: aws.String(u.expr), ConditionExpression: aws.String(c.expr)}
	if len(names) > 0 {
		up.ExpressionAttributeNames = names
	}
	if len(values) > 0 {
		up.ExpressionAttributeValues = values
	}
	t.items = append(t.items, txItem{failed: failed, write: types.TransactWriteItem{Update: up}})
}

// check adds a condition on the item at key that writes nothing.
func (t *tx) check(key map[string]types.AttributeValue, c cond, failed error) {
	t.items = append(t.items, txItem{failed: failed, write: types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName: &t.table, Key: key, ConditionExpression: aws.String(c.expr),
		ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values,
	}}})
}

// commit writes the transaction: a single put as PutItem, more as one
// TransactWriteItems. A failed condition returns its item's error; a
// conflicting transaction (or a transaction holding the single item)
// errWriteConflict; throttling, server errors and timeouts "unavailable".
// The write is tried again (see retried) on a conflict or while storage is
// unavailable, always with the same ClientRequestToken: DynamoDB applies a
// transaction once per token, so a try after a timeout that hid a landed
// transaction answers success instead of applying it again. A single put
// has no token: a try after its write landed fails its condition, and the
// caller's error for that (errPeriodMoved) must send it to read again.
func (s *Store) commit(ctx context.Context, t *tx) error {
	if t.err != nil {
		return t.err
	}
	token := rand.Text()
	return retried(ctx, func() error { return s.send(ctx, t, token) })
}

// send makes one try at the transaction.
func (s *Store) send(ctx context.Context, t *tx, token string) error {
	if len(t.items) == 1 && t.items[0].write.Put != nil {
		p := t.items[0].write.Put
		_, err := s.client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: p.TableName, Item: p.Item, ConditionExpression: p.ConditionExpression,
			ExpressionAttributeNames: p.ExpressionAttributeNames, ExpressionAttributeValues: p.ExpressionAttributeValues,
		})
		switch {
		case conditionFailed(err):
			return t.items[0].failed
		case inTransaction(err):
			return errWriteConflict
		}
		return storeErr("put item", err)
	}
	writes := make([]types.TransactWriteItem, len(t.items))
	for i, it := range t.items {
		writes[i] = it.write
	}
	_, err := s.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: writes, ClientRequestToken: &token})
	reasons := cancelReasons(err)
	if reasons == nil || throttled(reasons) {
		return storeErr("transact write", err)
	}
	for i, r := range reasons {
		if r == "ConditionalCheckFailed" && i < len(t.items) {
			return t.items[i].failed
		}
	}
	for _, r := range reasons {
		if r == "TransactionConflict" {
			return errWriteConflict
		}
	}
	return storeErr("transact write", err)
}
