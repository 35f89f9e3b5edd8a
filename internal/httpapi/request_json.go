package httpapi

import (
	"time"

	"chargeback/internal/request"
)

// requestJSON is a request as lists show it.
type requestJSON struct {
	ID                string  `json:"id"`
	Department        string  `json:"department"`
	ServiceID         string  `json:"service_id"`
	ServiceName       string  `json:"service_name"`
	Pricing           string  `json:"pricing"`
	Quantity          string  `json:"quantity"`
	Unit              string  `json:"unit"`
	QuotedUnitPrice   string  `json:"quoted_unit_price"`
	EstimatedCharge   string  `json:"estimated_charge"`
	Currency          string  `json:"currency"`
	Status            string  `json:"status"`
	Overdue           bool    `json:"overdue"`
	Note              string  `json:"note,omitempty"`
	CreatedAt         string  `json:"created_at"`
	SLADueAt          string  `json:"sla_due_at"`
	FulfilledAt       *string `json:"fulfilled_at,omitempty"`
	FulfilledQuantity *string `json:"fulfilled_quantity,omitempty"`
	EndedAt           *string `json:"ended_at,omitempty"`
	Version           int     `json:"version"`
	RequestedBy       string  `json:"requested_by"`
}

// requestDetailJSON is a request as GET /v1/requests/{id} and every
// lifecycle action show it.
type requestDetailJSON struct {
	requestJSON
	History []historyJSON `json:"history"`
	Charges []chargeJSON  `json:"charges"`
	Survey  any           `json:"survey"`
}

type historyJSON struct {
	At     string  `json:"at"`
	By     string  `json:"by"`
	Action string  `json:"action"`
	From   *string `json:"from"`
	To     string  `json:"to"`
	Note   string  `json:"note,omitempty"`
}

type chargeJSON struct {
	LineID string `json:"line_id"`
	Kind   string `json:"kind"`
	Month  string `json:"month"`
	Amount string `json:"amount"`
}

func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func optionalTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := timestamp(t)
	return &s
}

func (a *API) requestJSON(r *request.Request, now time.Time) requestJSON {
	out := requestJSON{
		ID: r.ID, Department: r.Department, ServiceID: r.ServiceID, ServiceName: r.ServiceName,
		Pricing: string(r.Pricing), Quantity: r.Quantity.String(), Unit: r.Unit,
		QuotedUnitPrice: r.QuotedUnitPrice.StringFixed(2), EstimatedCharge: r.EstimatedCharge.StringFixed(2),
		Currency: a.cfg.Currency, Status: string(r.Status), Overdue: r.Overdue(now), Note: r.Note,
		CreatedAt: timestamp(r.CreatedAt), SLADueAt: timestamp(r.SLADueAt),
		FulfilledAt: optionalTime(r.FulfilledAt), EndedAt: optionalTime(r.EndedAt),
		Version: r.Version, RequestedBy: r.RequestedBy,
	}
	if !r.FulfilledQuantity.IsZero() {
		q := r.FulfilledQuantity.String()
		out.FulfilledQuantity = &q
	}
	return out
}

func (a *API) requestDetailJSON(r *request.Request, now time.Time) requestDetailJSON {
	out := requestDetailJSON{requestJSON: a.requestJSON(r, now), History: []historyJSON{}, Charges: []chargeJSON{}}
	for _, e := range r.History {
		h := historyJSON{At: timestamp(e.At), By: e.By, Action: string(e.Action), To: string(e.To), Note: e.Note}
		if e.From != "" {
			from := string(e.From)
			h.From = &from
		}
		out.History = append(out.History, h)
	}
	for _, c := range r.Charges {
		out.Charges = append(out.Charges, chargeJSON{LineID: c.LineID, Kind: string(c.Kind), Month: c.Month.String(), Amount: c.Amount.StringFixed(2)})
	}
	out.Survey = surveyOf(r)
	return out
}
