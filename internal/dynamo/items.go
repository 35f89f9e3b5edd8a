package dynamo

import (
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// Partition and sort key values. See README, "Table design".
const (
	requestSK     = "REQUEST"
	allRequestsPK = "REQUESTS"
	openPK        = "OPEN"
	periodSK      = "PERIOD"
	idemSK        = "IDEMPOTENCY"
)

func requestPK(id string) string            { return "REQ#" + id }
func departmentPK(dept string) string       { return "DEPT#" + dept }
func statementPK(month, dept string) string { return "STMT#" + month + "#" + dept }
func lineSK(id string) string               { return "LINE#" + id }
func monthLinesPK(month string) string      { return "LINES#" + month }
func periodPK(month string) string          { return "PERIOD#" + month }
func idemPK(scope string) string            { return "IDEM#" + scope }

// timeLayout is how times are stored: RFC 3339 UTC with fixed-width
// nanoseconds, so that strings sort as times do.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func formatDecimal(d decimal.Decimal) string { return d.String() }

func parseDecimal(s string) decimal.Decimal {
	if s == "" {
		return decimal.Zero
	}
	d, _ := decimal.NewFromString(s)
	return d
}

// requestItem is a request as stored: one item holding its history and the
// lines its fulfilment posted.
type requestItem struct {
	PK     string
	SK     string
	GSI1PK string
	GSI1SK string
	GSI2PK string
	GSI2SK string
	GSI3PK string `dynamodbav:",omitempty"`
	GSI3SK string `dynamodbav:",omitempty"`

	Type              string      `dynamodbav:"type"`
	ID                string      `dynamodbav:"id"`
	Department        string      `dynamodbav:"department"`
	ServiceID         string      `dynamodbav:"service_id"`
	ServiceName       string      `dynamodbav:"service_name"`
	Pricing           string      `dynamodbav:"pricing"`
	Unit              string      `dynamodbav:"unit"`
	Quantity          string      `dynamodbav:"quantity"`
	QuotedUnitPrice   string      `dynamodbav:"quoted_unit_price"`
	EstimatedCharge   string      `dynamodbav:"estimated_charge"`
	Status            string      `dynamodbav:"status"`
	Note              string      `dynamodbav:"note,omitempty"`
	RequestedBy       string      `dynamodbav:"requested_by"`
	CreatedAt         string      `dynamodbav:"created_at"`
	SLAHours          int         `dynamodbav:"sla_hours"`
	SLACreditPercent  string      `dynamodbav:"sla_credit_percent"`
	SLADueAt          string      `dynamodbav:"sla_due_at"`
	FulfilledAt       string      `dynamodbav:"fulfilled_at,omitempty"`
	FulfilledQuantity string      `dynamodbav:"fulfilled_quantity,omitempty"`
	EndedAt           string      `dynamodbav:"ended_at,omitempty"`
	Version           int         `dynamodbav:"version"`
	History           []eventItem `dynamodbav:"history"`
	Charges           []lineRef   `dynamodbav:"charges,omitempty"`
}

type eventItem struct {
	At     string `dynamodbav:"at"`
	By     string `dynamodbav:"by"`
	Action string `dynamodbav:"action"`
	From   string `dynamodbav:"from,omitempty"`
	To     string `dynamodbav:"to"`
	Note   string `dynamodbav:"note,omitempty"`
}

// lineRef is the copy of a posted line kept on its request.
type lineRef struct {
	ID     string `dynamodbav:"id"`
	Kind   string `dynamodbav:"kind"`
	Month  string `dynamodbav:"month"`
	Amount string `dynamodbav:"amount"`
}

// Charge is a line a request has posted, as the request shows it.
type Charge struct {
	LineID string
	Kind   billing.Kind
	Month  string
	Amount decimal.Decimal
}

// Stored is a request with the lines it has posted.
type Stored struct {
	*request.Request
	Charges []Charge
}

func toRequestItem(r *request.Request, charges []Charge) requestItem {
	order := formatTime(r.CreatedAt) + "#" + r.ID
	it := requestItem{
		PK: requestPK(r.ID), SK: requestSK,
		GSI1PK: departmentPK(r.Department), GSI1SK: order,
		GSI2PK: allRequestsPK, GSI2SK: order,
		Type: "request", ID: r.ID, Department: r.Department, ServiceID: r.ServiceID, ServiceName: r.ServiceName,
		Pricing: string(r.Pricing), Unit: r.Unit, Quantity: formatDecimal(r.Quantity),
		QuotedUnitPrice: formatDecimal(r.QuotedUnitPrice), EstimatedCharge: formatDecimal(r.EstimatedCharge),
		Status: string(r.Status), Note: r.Note, RequestedBy: r.RequestedBy, CreatedAt: formatTime(r.CreatedAt),
		SLAHours: r.SLAHours, SLACreditPercent: formatDecimal(r.SLACreditPercent), SLADueAt: formatTime(r.SLADueAt),
		FulfilledAt: formatTime(r.FulfilledAt), EndedAt: formatTime(r.EndedAt), Version: r.Version,
	}
	if !r.FulfilledQuantity.IsZero() {
		it.FulfilledQuantity = formatDecimal(r.FulfilledQuantity)
	}
	if r.Status.Open() {
		it.GSI3PK, it.GSI3SK = openPK, order
	}
	for _, e := range r.History {
		it.History = append(it.History, eventItem{At: formatTime(e.At), By: e.By, Action: string(e.Action), From: string(e.From), To: string(e.To), Note: e.Note})
	}
	for _, c := range charges {
		it.Charges = append(it.Charges, lineRef{ID: c.LineID, Kind: string(c.Kind), Month: c.Month, Amount: formatDecimal(c.Amount)})
	}
	return it
}

func (it requestItem) stored() *Stored {
	r := &request.Request{
		ID: it.ID, Department: it.Department, ServiceID: it.ServiceID, ServiceName: it.ServiceName,
		Pricing: catalog.Pricing(it.Pricing), Unit: it.Unit, Quantity: parseDecimal(it.Quantity),
		QuotedUnitPrice: parseDecimal(it.QuotedUnitPrice), EstimatedCharge: parseDecimal(it.EstimatedCharge),
		Status: request.Status(it.Status), Note: it.Note, RequestedBy: it.RequestedBy, CreatedAt: parseTime(it.CreatedAt),
		SLAHours: it.SLAHours, SLACreditPercent: parseDecimal(it.SLACreditPercent), SLADueAt: parseTime(it.SLADueAt), FulfilledAt: parseTime(it.FulfilledAt),
		FulfilledQuantity: parseDecimal(it.FulfilledQuantity), EndedAt: parseTime(it.EndedAt), Version: it.Version,
	}
	for _, e := range it.History {
		r.History = append(r.History, request.Event{At: parseTime(e.At), By: e.By, Action: request.Action(e.Action), From: request.Status(e.From), To: request.Status(e.To), Note: e.Note})
	}
	s := &Stored{Request: r}
	for _, c := range it.Charges {
		s.Charges = append(s.Charges, Charge{LineID: c.ID, Kind: billing.Kind(c.Kind), Month: c.Month, Amount: parseDecimal(c.Amount)})
	}
	return s
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
		GSI2PK: monthLinesPK(l.Month), GSI2SK: l.Department + "#" + l.ID,
		Type: "line", ID: l.ID, Month: l.Month, Department: l.Department, Kind: string(l.Kind),
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
