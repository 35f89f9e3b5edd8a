package load

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/request"
)

// The raw twins put the items internal/dynamo puts, made by its own
// builders (dynamo/byhand.go) from the request the twin filed, so they
// carry the store's attributes, keys and sizes. Each partition key the
// API lists or sums from then gets raw.prefix before it.

// rawBy is who files and fulfils the twins' requests.
const rawBy = "load.raw"

// newRawRequest is the request the create twin files: qty of svc for
// dept at the service's latest price, approved at once (the mix requests
// only services that need no approval).
func newRawRequest(dept string, svc catalog.Service, qty int, now time.Time) *request.Request {
	price := svc.Prices[len(svc.Prices)-1].UnitPrice
	q := decimal.NewFromInt(int64(qty))
	return &request.Request{
		ID: request.NewID(now), Department: dept, ServiceID: svc.ID, ServiceName: svc.Name,
		Pricing: svc.Pricing, Unit: svc.Unit, Fractional: svc.Fractional, Quantity: q,
		QuotedUnitPrice: price, EstimatedCharge: billing.Round2(q.Mul(price)), Status: request.Approved,
		RequestedBy: rawBy, CreatedAt: now, SLAHours: svc.SLAHours, SLADueAt: billing.SLADue(now, svc.SLAHours),
		SLACreditPercent: svc.SLACreditPercent, Version: 1,
		History: []request.Event{{At: now, By: rawBy, Action: request.Create, To: request.Approved}},
	}
}

// cond is a write's condition expression with its names and values.
type cond struct {
	expr   string
	names  map[string]string
	values map[string]types.AttributeValue
}

// notExists is the condition of a write that creates an item.
var notExists = cond{expr: "attribute_not_exists(" + dynamo.AttrPK + ")"}

// writes builds one TransactWriteItems, keeping the first item that did
// not marshal.
type writes struct {
	table string
	items []types.TransactWriteItem
	err   error
}

// put adds a put of item (err: it did not marshal) that lands only if c
// holds.
func (w *writes) put(c cond, item map[string]types.AttributeValue, err error) {
	if err != nil {
		w.fail(err)
		return
	}
	w.items = append(w.items, types.TransactWriteItem{Put: &types.Put{
		TableName: &w.table, Item: item, ConditionExpression: aws.String(c.expr),
		ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values,
	}})
}

// fail keeps err (when not nil) unless an earlier item failed.
func (w *writes) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// check adds a condition on the item at key that writes nothing.
func (w *writes) check(key map[string]types.AttributeValue, c cond) {
	w.items = append(w.items, types.TransactWriteItem{ConditionCheck: &types.ConditionCheck{
		TableName: &w.table, Key: key, ConditionExpression: aws.String(c.expr),
		ExpressionAttributeNames: c.names, ExpressionAttributeValues: c.values,
	}})
}

// putRequest adds the request item, with c, and its history entries after
// version `after`: what a write of req puts in its partition. The request's
// index partitions get r.prefix.
func (r *raw) putRequest(w *writes, req *request.Request, after int, c cond) {
	item, err := dynamo.RequestItem(req)
	w.put(c, r.hide(item, dynamo.AttrGSI1PK, dynamo.AttrGSI2PK, dynamo.AttrGSI3PK), err)
	events, err := dynamo.EventItems(req, after)
	w.fail(err)
	for _, e := range events {
		w.put(notExists, e, nil)
	}
}

// hide puts r.prefix before the partition keys attrs of item that it has.
func (r *raw) hide(item map[string]types.AttributeValue, attrs ...string) map[string]types.AttributeValue {
	for _, a := range attrs {
		if v, ok := item[a].(*types.AttributeValueMemberS); ok {
			item[a] = s(r.prefix + v.Value)
		}
	}
	return item
}
