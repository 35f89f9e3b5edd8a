package load

import (
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// The items the raw twins write have the attributes internal/dynamo
// writes (items.go), with values of the same size, and twinPrefix before
// each partition key the API reads from.

// item is the request as stored at version (fulfilled at fulfilled in
// month m, when not zero): the attributes internal/dynamo's requestItem
// writes.
func (q rawRequest) item(version int, fulfilled time.Time, m billing.Month) map[string]types.AttributeValue {
	order := ts(q.created) + "#" + q.id
	price := q.svc.Prices[len(q.svc.Prices)-1].UnitPrice
	charge := price.Mul(decimal.NewFromInt(int64(q.qty))).Round(2)
	it := keyOf("REQ#"+q.id, "REQUEST")
	for k, v := range map[string]string{
		"GSI1PK": twinPrefix + "DEPT#" + q.dept, "GSI1SK": order, "GSI2PK": twinPrefix + "REQUESTS", "GSI2SK": order,
		"type": "request", "id": q.id, "department": q.dept, "service_id": q.svc.ID, "service_name": q.svc.Name,
		"pricing": string(q.svc.Pricing), "unit": q.svc.Unit, "quantity": strconv.Itoa(q.qty),
		"quoted_unit_price": price.String(), "estimated_charge": charge.String(), "status": "approved",
		"requested_by": "load.raw", "created_at": ts(q.created), "sla_credit_percent": q.svc.SLACreditPercent.String(),
		"sla_due_at": ts(q.created.Add(time.Duration(q.svc.SLAHours) * time.Hour)),
	} {
		it[k] = s(v)
	}
	it["fractional"] = &types.AttributeValueMemberBOOL{Value: q.svc.Fractional}
	it["sla_hours"], it["version"] = n(int64(q.svc.SLAHours)), n(int64(version))
	it["GSI3PK"], it["GSI3SK"] = s(twinPrefix+"OPEN"), s(order)
	if !fulfilled.IsZero() {
		it["status"], it["fulfilled_at"], it["fulfilled_month"] = s("fulfilled"), s(ts(fulfilled)), s(m.String())
		delete(it, "GSI3PK")
		delete(it, "GSI3SK")
		if q.svc.Pricing == catalog.Monthly {
			it["GSI3PK"], it["GSI3SK"] = s(twinPrefix+"SUBS#"+q.dept), s("~#"+q.id)
		} else {
			it["charges"] = &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
				"id": s(q.id + "-charge"), "kind": s("charge"), "month": s(m.String()), "amount": s(charge.String()),
			}}}}
		}
	}
	return it
}

// event is a history entry of the request.
func (q rawRequest) event(version int, action, from, to string) map[string]types.AttributeValue {
	it := keyOf("REQ#"+q.id, "EVENT#"+strconv.FormatInt(int64(1e10+version), 10)[1:])
	it["type"], it["version"], it["at"], it["by"], it["action"], it["to"] = s("event"), n(int64(version)), s(ts(time.Now())), s("load.raw"), s(action), s(to)
	if from != "" {
		it["from"] = s(from)
	}
	return it
}

// line is the request's charge line in month m.
func (q rawRequest) line(m billing.Month, at time.Time) map[string]types.AttributeValue {
	id := q.id + "-charge"
	price := q.svc.Prices[len(q.svc.Prices)-1].UnitPrice
	it := keyOf(twinPrefix+"STMT#"+m.String()+"#"+q.dept, "LINE#"+id)
	for k, v := range map[string]string{
		"GSI2PK": twinPrefix + "LINES#" + m.String(), "GSI2SK": q.dept + "#" + id, "type": "line", "id": id, "month": m.String(),
		"department": q.dept, "kind": "charge", "request_id": q.id, "service_id": q.svc.ID, "service_name": q.svc.Name,
		"description": q.svc.Name, "quantity": strconv.Itoa(q.qty), "unit": q.svc.Unit, "unit_price": price.String(),
		"amount": price.Mul(decimal.NewFromInt(int64(q.qty))).Round(2).String(), "posted_at": ts(at),
	} {
		it[k] = s(v)
	}
	return it
}
