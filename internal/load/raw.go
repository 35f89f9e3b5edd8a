package load

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/idempotency"
	"chargeback/internal/request"
)

// raw issues, straight through the SDK, the DynamoDB calls each measured
// route makes (internal/dynamo): the same operations, keys, conditions,
// consistency and items, with none of the API's work around them. Keys,
// index names and items come from internal/dynamo (byhand.go), so they
// cannot drift from the store's. Reads go to the partitions the routes
// read, so they meet the data the routes meet. Writes go to the same
// table, since DynamoDB Local queues writes per table, but every partition
// key the API lists or sums from (its indexes', statements', fulfilments')
// starts with prefix, so the API never sees them: items, sizes and index
// entries as many as the route's, and none in its lists, statements or
// reports.
type raw struct {
	client *dynamodb.Client
	table  string
	loc    *time.Location
	// departments are every catalog department, whose subscriptions the
	// report reads.
	departments []string
	// prefix starts the partition keys the twins write that the API reads
	// from, except the request's own partition (its id is new) and the
	// period the fulfil checks (which writes nothing): twinPrefix in a run,
	// "" in a test that reads the twins' writes back through the store.
	prefix string
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

// twinPrefix is raw.prefix in a run.
const twinPrefix = "TWIN#"

// Key conditions on the key attributes internal/dynamo names.
var (
	partitionIs = dynamo.AttrPK + " = :pk"
	linesOf     = partitionIs + " AND begins_with(" + dynamo.AttrSK + ", :line)"
	monthLines  = dynamo.AttrGSI2PK + " = :pk"
	submittedIn = dynamo.AttrGSI2PK + " = :pk AND " + dynamo.AttrGSI2SK + " BETWEEN :from AND :to"
	runningFrom = dynamo.AttrGSI3PK + " = :pk AND " + dynamo.AttrGSI3SK + " >= :from"
)

// create is CreateRequest with an Idempotency-Key: a consistent GetItem of
// the key's record, then one TransactWriteItems of the request, its first
// history entry and the stored reply.
func (r *raw) create(ctx context.Context, dept string, svc catalog.Service, qty int, reply string) (*request.Request, error) {
	now := time.Now()
	req := newRawRequest(dept, svc, qty, now)
	once := &idempotency.Once{
		Scope: randomHex(32), BodyHash: randomHex(32), At: now,
		Reply: idempotency.Reply{Status: http.StatusCreated, Body: reply, Headers: map[string]string{"Location": "/v1/requests/" + req.ID}},
	}
	_, err := r.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: dynamo.IdempotencyKey(once.Scope), ConsistentRead: aws.Bool(true)})
	if err != nil {
		return req, err
	}
	w := &writes{table: r.table}
	r.putRequest(w, req, 0, notExists)
	replay, err := dynamo.ReplayItem(once)
	w.put(cond{
		expr:   notExists.expr + " OR " + dynamo.TTLAttribute + " <= :now",
		values: map[string]types.AttributeValue{":now": n(now.Unix())},
	}, replay, err)
	if w.err != nil {
		return req, w.err
	}
	_, err = r.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w.items})
	return req, err
}

// fulfil is ChangeRequest for a fulfilment: a consistent Query of the
// request's partition, then one TransactWriteItems of the request
// (conditional on version and status), its history entry, the open-month
// check, the charge line (one-time) and the fulfilment fact. The
// fulfilment itself is the domain's (request.Fulfill), as the route's is.
func (r *raw) fulfil(ctx context.Context, req *request.Request) error {
	_, err := r.client.Query(ctx, &dynamodb.QueryInput{
		TableName: &r.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String(partitionIs),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(dynamo.RequestPK(req.ID))},
	})
	if err != nil {
		return err
	}
	version, status := req.Version, req.Status
	posting, err := req.Fulfill(nil, nil, rawBy, time.Now(), r.loc)
	if err != nil {
		return err
	}
	w := &writes{table: r.table}
	r.putRequest(w, req, version, cond{
		expr:  "version = :version AND #status = :status",
		names: map[string]string{"#status": "status"},
		values: map[string]types.AttributeValue{
			":version": n(int64(version)), ":status": s(string(status)),
		},
	})
	for _, m := range posting.OpenMonths() {
		w.check(dynamo.PeriodKey(m), cond{
			expr:   notExists.expr + " OR #status = :status",
			names:  map[string]string{"#status": "status"},
			values: map[string]types.AttributeValue{":status": s(string(billing.PeriodOpen))},
		})
	}
	for _, l := range posting.Lines {
		line, err := dynamo.LineItem(l)
		w.put(notExists, r.hide(line, dynamo.AttrPK, dynamo.AttrGSI2PK), err)
	}
	fact, err := dynamo.FulfilledItem(req)
	w.put(notExists, r.hide(fact, dynamo.AttrPK), err)
	if w.err != nil {
		return w.err
	}
	_, err = r.client.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: w.items})
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
		TableName: &r.table, IndexName: aws.String(dynamo.IndexAll),
		KeyConditionExpression:    aws.String(monthLines),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(dynamo.MonthLinesPK(m))},
	}); err != nil {
		return err
	}
	if err := r.eachDepartment(ctx, func(ctx context.Context, dept string) error {
		_, err := r.queryAll(ctx, r.subscriptionsQuery(m, dept))
		return err
	}); err != nil {
		return err
	}
	from, to := dynamo.SubmittedRange(m, r.loc)
	if _, err := r.queryAll(ctx, &dynamodb.QueryInput{
		TableName: &r.table, IndexName: aws.String(dynamo.IndexAll),
		KeyConditionExpression:   aws.String(submittedIn),
		ProjectionExpression:     aws.String("#service, #dept"),
		ExpressionAttributeNames: map[string]string{"#service": "service_id", "#dept": "department"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":pk": s(dynamo.AllRequestsPK), ":from": s(from), ":to": s(to),
		},
	}); err != nil {
		return err
	}
	for _, pk := range []string{dynamo.FulfilledPK(m), dynamo.SurveysPK(m)} {
		if _, err := r.queryAll(ctx, &dynamodb.QueryInput{
			TableName: &r.table, ConsistentRead: aws.Bool(true),
			KeyConditionExpression:    aws.String(partitionIs),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(pk)},
		}); err != nil {
			return err
		}
	}
	return nil
}

func (r *raw) period(ctx context.Context, m billing.Month) error {
	_, err := r.client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &r.table, Key: dynamo.PeriodKey(m), ConsistentRead: aws.Bool(true)})
	return err
}

func (r *raw) linesQuery(m billing.Month, dept string) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName: &r.table, ConsistentRead: aws.Bool(true),
		KeyConditionExpression:    aws.String(linesOf),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(dynamo.StatementPK(m, dept)), ":line": s(dynamo.LineSKPrefix)},
	}
}

func (r *raw) subscriptionsQuery(m billing.Month, dept string) *dynamodb.QueryInput {
	return &dynamodb.QueryInput{
		TableName: &r.table, IndexName: aws.String(dynamo.IndexOpen),
		KeyConditionExpression:    aws.String(runningFrom),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(dynamo.SubscriptionsPK(dept)), ":from": s(dynamo.SubscriptionsFrom(m, r.loc))},
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
