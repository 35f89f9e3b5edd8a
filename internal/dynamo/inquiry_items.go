package dynamo

import (
	"chargeback/internal/inquiry"
)

// inquiryItem is an inquiry as stored, in a partition of its own. GSI3
// holds it only while it is open: finance's queue.
type inquiryItem struct {
	PK     string
	SK     string
	GSI1PK string
	GSI1SK string
	GSI2PK string
	GSI2SK string
	GSI3PK string `dynamodbav:",omitempty"`
	GSI3SK string `dynamodbav:",omitempty"`

	Type             string `dynamodbav:"type"`
	ID               string `dynamodbav:"id"`
	Month            string `dynamodbav:"month"`
	Department       string `dynamodbav:"department"`
	LineID           string `dynamodbav:"line_id"`
	ServiceID        string `dynamodbav:"service_id,omitempty"`
	ServiceName      string `dynamodbav:"service_name,omitempty"`
	RequestID        string `dynamodbav:"request_id,omitempty"`
	LineAmount       string `dynamodbav:"line_amount"`
	Amount           string `dynamodbav:"amount,omitempty"`
	Reason           string `dynamodbav:"reason"`
	Status           string `dynamodbav:"status"`
	OpenedAt         string `dynamodbav:"opened_at"`
	OpenedBy         string `dynamodbav:"opened_by"`
	Version          int    `dynamodbav:"version"`
	Outcome          string `dynamodbav:"outcome,omitempty"`
	CreditAmount     string `dynamodbav:"credit_amount,omitempty"`
	Note             string `dynamodbav:"note,omitempty"`
	ClosedAt         string `dynamodbav:"closed_at,omitempty"`
	ClosedBy         string `dynamodbav:"closed_by,omitempty"`
	AdjustmentLineID string `dynamodbav:"adjustment_line_id,omitempty"`
	AdjustmentMonth  string `dynamodbav:"adjustment_month,omitempty"`
}

func toInquiryItem(q *inquiry.Inquiry) inquiryItem {
	order := inquiryOrderSK(q.Month, q.OpenedAt, q.ID)
	it := inquiryItem{
		PK: inquiryPK(q.ID), SK: inquirySK,
		GSI1PK: inquiriesPK(q.Department), GSI1SK: order, GSI2PK: allInquiriesPK, GSI2SK: order,
		Type: "inquiry", ID: q.ID, Month: q.Month.String(), Department: q.Department, LineID: q.LineID,
		ServiceID: q.ServiceID, ServiceName: q.ServiceName, RequestID: q.RequestID, LineAmount: formatDecimal(q.LineAmount),
		Reason: q.Reason, Status: string(q.Status), OpenedAt: formatTime(q.OpenedAt), OpenedBy: q.OpenedBy, Version: q.Version,
		Outcome: string(q.Outcome), Note: q.Note, ClosedAt: formatTime(q.ClosedAt), ClosedBy: q.ClosedBy,
		AdjustmentLineID: q.AdjustmentLineID,
	}
	if q.Amount != nil {
		it.Amount = formatDecimal(*q.Amount)
	}
	if q.Outcome == inquiry.Credit {
		it.CreditAmount = formatDecimal(q.CreditAmount)
	}
	if !q.AdjustmentMonth.IsZero() {
		it.AdjustmentMonth = q.AdjustmentMonth.String()
	}
	if q.Status == inquiry.Open {
		it.GSI3PK, it.GSI3SK = openInquiriesPK, order
	}
	return it
}

func (it inquiryItem) inquiry() (*inquiry.Inquiry, error) {
	p := parser{what: "inquiry " + it.ID}
	q := &inquiry.Inquiry{
		ID: it.ID, Month: p.month("month", it.Month), Department: it.Department, LineID: it.LineID,
		ServiceID: it.ServiceID, ServiceName: it.ServiceName, RequestID: it.RequestID,
		LineAmount: p.decimal("line_amount", it.LineAmount), Reason: it.Reason, Status: inquiry.Status(it.Status),
		OpenedAt: p.time("opened_at", it.OpenedAt), OpenedBy: it.OpenedBy, Version: it.Version,
		Outcome: inquiry.Outcome(it.Outcome), CreditAmount: p.decimal("credit_amount", it.CreditAmount), Note: it.Note,
		ClosedAt: p.time("closed_at", it.ClosedAt), ClosedBy: it.ClosedBy, AdjustmentLineID: it.AdjustmentLineID,
		AdjustmentMonth: p.optionalMonth("adjustment_month", it.AdjustmentMonth),
	}
	if it.Amount != "" {
		a := p.decimal("amount", it.Amount)
		q.Amount = &a
	}
	return q, p.err
}
