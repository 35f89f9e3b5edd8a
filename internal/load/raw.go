package load

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// raw issues, straight through the SDK, the DynamoDB calls each measured
// route makes (internal/dynamo): the same operations, keys, conditions,
// consistency and item shapes, with none of the API's work around them.
// Reads go to the partitions the routes read, so they meet the data the
// routes meet. Writes go to the same table, since DynamoDB Local queues
// writes per table, but every partition key the API lists or sums from
// (its indexes', statements', fulfilments') starts with twinPrefix, so
// the API never sees them: items, sizes and index entries as many as the
// route's, and none in its lists, statements or reports. The key formats
// repeat internal/dynamo/keys.go (README, "Table design"); the check's
// baseline notes say when they drift.
type raw struct {
	client *dynamodb.Client
	table  string
	loc    *time.Location
	// departments are every catalog department, whose subscriptions the
	// report reads.
	departments []string
}

// rawRequest is a request the create twin wrote, for the fulfil twin.
type rawRequest struct {
	id, dept string
	svc      catalog.Service
	qty      int
	created  time.Time
}

// The twins' names, as the report prints them.
const (
	rawCreateName    = "GetItem + TransactWriteItems(3)"
	rawFulfilName    = "Query + TransactWriteItems(4-5)"
	rawStatementName = "GetItem + 2 Query"
	rawReportName    = "GetItem + 5 Query + Query/dept"
)

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

// twinPrefix starts every partition key the twins write that the API
// reads from, except the request's own partition (its id is new) and the
// period the fulfil checks (which writes nothing).
const twinPrefix = "TWIN#"

// timeLayout is internal/dynamo's: RFC 3339 UTC, fixed-width nanoseconds.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func ts(t time.Time) string { return t.UTC().Format(timeLayout) }

func keyOf(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{"PK": s(pk), "SK": s(sk)}
}

var notExists = aws.String("attribute_not_exists(PK)")

// create is CreateRequest with an Idempotency-Key: a consistent GetItem of
// the key's record, then one TransactWriteItems of the request, its first
// history entry and the stored reply.
func (r *raw) create(ctx context.Context, dept string, svc catalog.Service, qty int, reply string) (rawRequest, error) {
	now := time.Now()
	req := rawRequest{id: request.NewID(now), dept: dept, svc: svc, qty: qty, created: now}
	scope := "IDEM#" + randomHex(32)
	_, err := r.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: keyOf(scope, "IDEMPOTENCY"), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return req, err
	}
	replay := keyOf(scope, "IDEMPOTENCY")
	replay["type"], replay["body_hash"], replay["status"], replay["body"] = s("idempotency"), s(randomHex(32)), n(201), s(reply)
	replay["headers"] = &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"Location": s("/v1/requests/" + req.id)}}
	replay["expires_at"] = n(now.Add(24 * time.Hour).Unix())
	_, err = r.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: &r.table, Item: req.item(1, time.Time{}, billing.Month{}), ConditionExpression: notExists}},
		{Put: &types.Put{TableName: &r.table, Item: req.event(1, "create", "", "approved"), ConditionExpression: notExists}},
		{Put: &types.Put{TableName: &r.table, Item: replay,
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR expires_at <= :now"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":now": n(now.Unix())}}},
	}})
	return req, err
}

// fulfil is ChangeRequest for a fulfilment: a consistent Query of the
// request's partition, then one TransactWriteItems of the request
// (conditional on version and status), its history entry, the open-month
// check, the charge line (one-time) and the fulfilment fact.
func (r *raw) fulfil(ctx context.Context, req rawRequest) error {
	_, err := r.client.Query(ctx, &dynamodb.QueryInput{
		TableName: &r.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("REQ#" + req.id)},
	})
	if err != nil {
		return err
	}
	now := time.Now()
	m := billing.MonthOf(now, r.loc)
	var line map[string]types.AttributeValue
	if req.svc.Pricing != catalog.Monthly {
		line = req.line(m, now)
	}
	writes := []types.TransactWriteItem{
		{Put: &types.Put{TableName: &r.table, Item: req.item(2, now, m),
			ConditionExpression:      aws.String("version = :version AND #status = :status"),
			ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":version": n(1), ":status": s("approved"),
			}}},
		{Put: &types.Put{TableName: &r.table, Item: req.event(2, "fulfill", "approved", "fulfilled"), ConditionExpression: notExists}},
		{ConditionCheck: &types.ConditionCheck{TableName: &r.table, Key: keyOf("PERIOD#"+m.String(), "PERIOD"),
			ConditionExpression:       aws.String("attribute_not_exists(PK) OR #status = :status"),
			ExpressionAttributeNames:  map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":status": s("open")}}},
	}
	if line != nil {
		writes = append(writes, types.TransactWriteItem{Put: &types.Put{TableName: &r.table, Item: line, ConditionExpression: notExists}})
	}
	fact := keyOf(twinPrefix+"FULFILLED#"+m.String(), req.id)
	fact["type"], fact["service_id"], fact["department"] = s("fulfilled"), s(req.svc.ID), s(req.dept)
	fact["created_at"], fact["fulfilled_at"], fact["sla_due_at"] = s(ts(req.created)), s(ts(now)), s(ts(req.created.Add(time.Duration(req.svc.SLAHours)*time.Hour)))
	writes = append(writes, types.TransactWriteItem{Put: &types.Put{TableName: &r.table, Item: fact, ConditionExpression: notExists}})
	_, err = r.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: writes})
	return err
}

// statement is Store.Statement for an open month: a consistent GetItem of
// the period, a consistent Query of the statement's lines and a Query of
// the department's subscriptions on GSI3. It returns how many lines and
// subscriptions it read.
func (r *raw) statement(ctx context.Context, m billing.Month, dept string) (lines, subs int, err error) {
	if err := r.period(ctx, m); err != nil {
		return 0, 0, err
	}
	if lines, err = r.queryAll(ctx, r.linesQuery(m, dept)); err != nil {
		return 0, 0, err
	}
	subs, err = r.queryAll(ctx, r.subscriptionsQuery(m, dept))
	return lines, subs, err
}

// report is ReportBook for one open month: the period, the month's lines
// on GSI2, every department's subscriptions (four Queries in flight, as
// the store runs them), the month's submissions on GSI2, its fulfilments
// and its survey counts.
func (r *raw) report(ctx context.Context, m billing.Month) error {
	if err := r.period(ctx, m); err != nil {
		return err
	}
	if _, err := r.queryAll(ctx, &dynamodb.QueryInput{
		TableName: &r.table, IndexName: aws.String("GSI2"),
		KeyConditionExpression:    aws.String("GSI2PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("LINES#" + m.String())},
	}); err != nil {
		return err
	}
	if err := r.eachDepartment(ctx, func(ctx context.Context, dept string) error {
		_, err := r.queryAll(ctx, r.subscriptionsQuery(m, dept))
		return err
	}); err != nil {
		return err
	}
	if _, err := r.queryAll(ctx, &dynamodb.QueryInput{
		TableName: &r.table, IndexName: aws.String("GSI2"),
		KeyConditionExpression:   aws.String("GSI2PK = :pk AND GSI2SK BETWEEN :from AND :to"),
		ProjectionExpression:     aws.String("#service, #dept"),
		ExpressionAttributeNames: map[string]string{"#service": "service_id", "#dept": "department"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": s("REQUESTS"), ":from": s(ts(m.Start(r.loc))), ":to": s(ts(m.End(r.loc).Add(-time.Nanosecond)) + "#~"),
		},
	}); err != nil {
		return err
	}
	for _, pk := range []string{"FULFILLED#" + m.String(), "SURVEYS#" + m.String()} {
		if _, err := r.queryAll(ctx, &dynamodb.QueryInput{
			TableName: &r.table, ConsistentRead: aws.Bool(true),
			KeyConditionExpression:    aws.String("PK = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(pk)},
		}); err != nil {
			return err
		}
	}
	return nil
}

func (r *raw) period(ctx context.Context, m billing.Month) error {
	_, err := r.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: keyOf("PERIOD#"+m.String(), "PERIOD"), ConsistentRead: aws.Bool(true)})
	return err
}

func (r *raw) linesQuery(m billing.Month, dept string) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName: &r.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String("PK = :pk AND begins_with(SK, :line)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("STMT#" + m.String() + "#" + dept), ":line": s("LINE#")},
	}
}

func (r *raw) subscriptionsQuery(m billing.Month, dept string) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName: &r.table, IndexName: aws.String("GSI3"),
		KeyConditionExpression:    aws.String("GSI3PK = :pk AND GSI3SK >= :from"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("SUBS#" + dept), ":from": s(ts(m.Start(r.loc)))},
	}
}

// queryAll runs a Query page by page to its end and returns how many
// items it read.
func (r *raw) queryAll(ctx context.Context, in *dynamodb.QueryInput) (int, error) {
	items := 0
	for {
		out, err := r.client.Query(ctx, in)
		if err != nil {
			return items, err
		}
		items += len(out.Items)
		if out.LastEvaluatedKey == nil {
			return items, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// inFlight is how many Queries the store runs at once for one report.
const inFlight = 4

// eachDepartment calls fn for every department, inFlight at a time, and
// returns the errors joined.
func (r *raw) eachDepartment(ctx context.Context, fn func(context.Context, string) error) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	slots := make(chan struct{}, inFlight)
	for _, d := range r.departments {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := fn(ctx, d); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}
