package dynamo

import (
	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// fulfilledItem records a fulfilment in its month's partition, written in
// the fulfilment's transaction: what the reports count as fulfilled, how
// fast and whether within the SLA.
type fulfilledItem struct {
	PK          string
	SK          string
	Type        string `dynamodbav:"type"`
	ServiceID   string `dynamodbav:"service_id"`
	Department  string `dynamodbav:"department"`
	CreatedAt   string `dynamodbav:"created_at"`
	FulfilledAt string `dynamodbav:"fulfilled_at"`
	SLADueAt    string `dynamodbav:"sla_due_at"`
}

func toFulfilledItem(r *request.Request) fulfilledItem {
	return fulfilledItem{
		PK: fulfilledPK(r.FulfilledMonth), SK: r.ID, Type: "fulfilled", ServiceID: r.ServiceID, Department: r.Department,
		CreatedAt: formatTime(r.CreatedAt), FulfilledAt: formatTime(r.FulfilledAt), SLADueAt: formatTime(r.SLADueAt),
	}
}

func (it fulfilledItem) fulfilment() (satisfaction.Fulfilment, error) {
	p := parser{what: "fulfilment " + it.SK}
	f := satisfaction.Fulfilment{
		ServiceID: it.ServiceID, Department: it.Department,
		Created: p.time("created_at", it.CreatedAt), Done: p.time("fulfilled_at", it.FulfilledAt), Due: p.time("sla_due_at", it.SLADueAt),
	}
	return f, p.err
}
