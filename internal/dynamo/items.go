package dynamo

import (
	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// requestItem is a request as stored. Its history lives in event items of
// the same partition, so the request item stays small however often it
// changes; the lines it posted are copied here (a handful at most).
type requestItem struct {
	PK     string
	SK     string
	GSI1PK string
	GSI1SK string
	GSI2PK string
	GSI2SK string
	GSI3PK string `dynamodbav:",omitempty"`
	GSI3SK string `dynamodbav:",omitempty"`

	Type              string    `dynamodbav:"type"`
	ID                string    `dynamodbav:"id"`
	Department        string    `dynamodbav:"department"`
	ServiceID         string    `dynamodbav:"service_id"`
	ServiceName       string    `dynamodbav:"service_name"`
	Pricing           string    `dynamodbav:"pricing"`
	Unit              string    `dynamodbav:"unit"`
	Fractional        bool      `dynamodbav:"fractional"`
	Quantity          string    `dynamodbav:"quantity"`
	QuotedUnitPrice   string    `dynamodbav:"quoted_unit_price"`
	EstimatedCharge   string    `dynamodbav:"estimated_charge"`
	Status            string    `dynamodbav:"status"`
	Note              string    `dynamodbav:"note,omitempty"`
	RequestedBy       string    `dynamodbav:"requested_by"`
	CreatedAt         string    `dynamodbav:"created_at"`
	SLAHours          int       `dynamodbav:"sla_hours"`
	SLACreditPercent  string    `dynamodbav:"sla_credit_percent"`
	SLADueAt          string    `dynamodbav:"sla_due_at"`
	FulfilledAt       string    `dynamodbav:"fulfilled_at,omitempty"`
	FulfilledQuantity string    `dynamodbav:"fulfilled_quantity,omitempty"`
	FulfilledMonth    string    `dynamodbav:"fulfilled_month,omitempty"`
	EndedAt           string    `dynamodbav:"ended_at,omitempty"`
	Version           int       `dynamodbav:"version"`
	Charges           []lineRef `dynamodbav:"charges,omitempty"`
}

// eventItem is one entry of a request's history: the change that made
// Version, in the request's partition. It repeats the request's id,
// department and service so that its stream image alone makes the
// request's event (internal/outbox).
type eventItem struct {
	PK         string
	SK         string
	Type       string `dynamodbav:"type"`
	RequestID  string `dynamodbav:"request_id"`
	Department string `dynamodbav:"department"`
	ServiceID  string `dynamodbav:"service_id"`
	Version    int    `dynamodbav:"version"`
	At         string `dynamodbav:"at"`
	By         string `dynamodbav:"by"`
	Action     string `dynamodbav:"action"`
	From       string `dynamodbav:"from,omitempty"`
	To         string `dynamodbav:"to"`
	Note       string `dynamodbav:"note,omitempty"`
}

// chargeItem is a recurring or credit line a close posted for a
// subscription, kept in its request's partition so that reading the request
// shows every line it posted.
type chargeItem struct {
	PK     string
	SK     string
	Type   string `dynamodbav:"type"`
	ID     string `dynamodbav:"id"`
	Kind   string `dynamodbav:"kind"`
	Month  string `dynamodbav:"month"`
	Amount string `dynamodbav:"amount"`
}

func toChargeItem(l billing.Line) chargeItem {
	return chargeItem{
		PK: requestPK(l.RequestID), SK: chargeSK(l.ID), Type: "charge",
		ID: l.ID, Kind: string(l.Kind), Month: l.Month.String(), Amount: formatDecimal(l.Amount),
	}
}

// charge reads a posted line back as its request shows it.
func (it chargeItem) charge() (request.Charge, error) {
	p := parser{what: "charge " + it.SK + " of " + it.PK}
	c := request.Charge{LineID: it.ID, Kind: billing.Kind(it.Kind), Month: p.month("month", it.Month), Amount: p.decimal("amount", it.Amount)}
	return c, p.err
}

// lineRef is the copy of a posted line kept on its request.
type lineRef struct {
	ID     string `dynamodbav:"id"`
	Kind   string `dynamodbav:"kind"`
	Month  string `dynamodbav:"month"`
	Amount string `dynamodbav:"amount"`
}

func toRequestItem(r *request.Request) requestItem {
	order := requestOrderSK(r.CreatedAt, r.ID)
	it := requestItem{
		PK: requestPK(r.ID), SK: requestSK,
		GSI1PK: departmentPK(r.Department), GSI1SK: order,
		GSI2PK: allRequestsPK, GSI2SK: order,
		Type: "request", ID: r.ID, Department: r.Department, ServiceID: r.ServiceID, ServiceName: r.ServiceName,
		Pricing: string(r.Pricing), Unit: r.Unit, Fractional: r.Fractional, Quantity: formatDecimal(r.Quantity),
		QuotedUnitPrice: formatDecimal(r.QuotedUnitPrice), EstimatedCharge: formatDecimal(r.EstimatedCharge),
		Status: string(r.Status), Note: r.Note, RequestedBy: r.RequestedBy, CreatedAt: formatTime(r.CreatedAt),
		SLAHours: r.SLAHours, SLACreditPercent: formatDecimal(r.SLACreditPercent), SLADueAt: formatTime(r.SLADueAt),
		FulfilledAt: formatTime(r.FulfilledAt), EndedAt: formatTime(r.EndedAt), Version: r.Version,
	}
	if !r.FulfilledQuantity.IsZero() {
		it.FulfilledQuantity = formatDecimal(r.FulfilledQuantity)
	}
	if !r.FulfilledMonth.IsZero() {
		it.FulfilledMonth = r.FulfilledMonth.String()
	}
	if r.Status.Open() {
		it.GSI3PK, it.GSI3SK = openPK, order
	}
	if _, ok := r.Subscription(); ok {
		it.GSI3PK, it.GSI3SK = subscriptionsPK(r.Department), subscriptionSK(r.EndedAt, r.ID)
	}
	// A subscription's lines are posted by month closes and kept as charge
	// items beside it; only other requests keep theirs on the item.
	for _, c := range r.Charges {
		if r.Pricing == catalog.Monthly {
			break
		}
		it.Charges = append(it.Charges, lineRef{ID: c.LineID, Kind: string(c.Kind), Month: c.Month.String(), Amount: formatDecimal(c.Amount)})
	}
	return it
}

// toEventItems are the history entries of r that made versions after
// `after`: the ones a write of r adds.
func toEventItems(r *request.Request, after int) []eventItem {
	var out []eventItem
	for i := after; i < len(r.History); i++ {
		e := r.History[i]
		out = append(out, eventItem{
			PK: requestPK(r.ID), SK: eventSK(i + 1), Type: "event",
			RequestID: r.ID, Department: r.Department, ServiceID: r.ServiceID, Version: i + 1,
			At: formatTime(e.At), By: e.By, Action: string(e.Action), From: string(e.From), To: string(e.To), Note: e.Note,
		})
	}
	return out
}

// request reads the item back, without its history.
func (it requestItem) request() (*request.Request, error) {
	p := parser{what: "request " + it.ID}
	r := &request.Request{
		ID: it.ID, Department: it.Department, ServiceID: it.ServiceID, ServiceName: it.ServiceName,
		Pricing: catalog.Pricing(it.Pricing), Unit: it.Unit, Fractional: it.Fractional,
		Quantity: p.decimal("quantity", it.Quantity), QuotedUnitPrice: p.decimal("quoted_unit_price", it.QuotedUnitPrice),
		EstimatedCharge: p.decimal("estimated_charge", it.EstimatedCharge), Status: request.Status(it.Status), Note: it.Note,
		RequestedBy: it.RequestedBy, CreatedAt: p.time("created_at", it.CreatedAt), SLAHours: it.SLAHours,
		SLACreditPercent: p.decimal("sla_credit_percent", it.SLACreditPercent), SLADueAt: p.time("sla_due_at", it.SLADueAt),
		FulfilledAt: p.time("fulfilled_at", it.FulfilledAt), FulfilledQuantity: p.decimal("fulfilled_quantity", it.FulfilledQuantity),
		FulfilledMonth: p.optionalMonth("fulfilled_month", it.FulfilledMonth),
		EndedAt:        p.time("ended_at", it.EndedAt), Version: it.Version,
	}
	for _, c := range it.Charges {
		r.Charges = append(r.Charges, request.Charge{LineID: c.ID, Kind: billing.Kind(c.Kind), Month: p.month("charge month", c.Month), Amount: p.decimal("charge amount", c.Amount)})
	}
	return r, p.err
}

// event reads a history entry back.
func (it eventItem) event() (request.Event, error) {
	p := parser{what: "event " + it.SK + " of " + it.PK}
	e := request.Event{At: p.time("at", it.At), By: it.By, Action: request.Action(it.Action), From: request.Status(it.From), To: request.Status(it.To), Note: it.Note}
	return e, p.err
}

// lineItem is a statement line as stored, in its department's statement
// partition and, through GSI2, in its month's.
type lineItem struct {
	PK     string
	SK     string
	GSI2PK string
	GSI2SK string

	Type        string `dynamodbav:"type"`
	ID          string `dynamodbav:"id"`
	Month       string `dynamodbav:"month"`
	Department  string `dynamodbav:"department"`
	Kind        string `dynamodbav:"kind"`
	RequestID   string `dynamodbav:"request_id,omitempty"`
	ServiceID   string `dynamodbav:"service_id,omitempty"`
	ServiceName string `dynamodbav:"service_name,omitempty"`
	Description string `dynamodbav:"description"`
	Quantity    string `dynamodbav:"quantity,omitempty"`
	Unit        string `dynamodbav:"unit,omitempty"`
	UnitPrice   string `dynamodbav:"unit_price,omitempty"`
	Days        int    `dynamodbav:"days,omitempty"`
	Amount      string `dynamodbav:"amount"`
	PostedAt    string `dynamodbav:"posted_at"`
}

func toLineItem(l billing.Line) lineItem {
	it := lineItem{
		PK: statementPK(l.Month, l.Department), SK: lineSK(l.ID),
		GSI2PK: monthLinesPK(l.Month), GSI2SK: monthLineSK(l.Department, l.ID),
		Type: "line", ID: l.ID, Month: l.Month.String(), Department: l.Department, Kind: string(l.Kind),
		RequestID: l.RequestID, ServiceID: l.ServiceID, ServiceName: l.ServiceName, Description: l.Description,
		Unit: l.Unit, Days: l.Days, Amount: formatDecimal(l.Amount), PostedAt: formatTime(l.PostedAt),
	}
	if !l.Quantity.IsZero() {
		it.Quantity = formatDecimal(l.Quantity)
	}
	if !l.UnitPrice.IsZero() || l.Kind == billing.KindCharge || l.Kind == billing.KindRecurring {
		it.UnitPrice = formatDecimal(l.UnitPrice)
	}
	return it
}

// line reads a statement line back.
func (it lineItem) line() (billing.Line, error) {
	p := parser{what: "line " + it.ID}
	l := billing.Line{
		ID: it.ID, Month: p.month("month", it.Month), Department: it.Department, Kind: billing.Kind(it.Kind),
		RequestID: it.RequestID, ServiceID: it.ServiceID, ServiceName: it.ServiceName, Description: it.Description,
		Quantity: p.decimal("quantity", it.Quantity), Unit: it.Unit, UnitPrice: p.decimal("unit_price", it.UnitPrice),
		Days: it.Days, Amount: p.decimal("amount", it.Amount), PostedAt: p.time("posted_at", it.PostedAt),
	}
	return l, p.err
}
