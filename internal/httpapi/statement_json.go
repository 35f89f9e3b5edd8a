package httpapi

import (
	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
)

// lineJSON is a statement line: the CSV's columns, null where a field does
// not apply.
type lineJSON struct {
	Month       string  `json:"month"`
	Department  string  `json:"department"`
	CostCenter  string  `json:"cost_center"`
	LineID      string  `json:"line_id"`
	Kind        string  `json:"kind"`
	RequestID   *string `json:"request_id"`
	ServiceID   *string `json:"service_id"`
	ServiceName *string `json:"service_name"`
	Description string  `json:"description"`
	Quantity    *string `json:"quantity"`
	Unit        *string `json:"unit"`
	UnitPrice   *string `json:"unit_price"`
	Days        *int    `json:"days"`
	Amount      string  `json:"amount"`
	// Inquiry is the line's latest inquiry, when it has one.
	Inquiry *lineInquiryJSON `json:"inquiry,omitempty"`
}

// serviceTotalJSON is a statement's total for one service; null groups the
// lines without one.
type serviceTotalJSON struct {
	ServiceID *string `json:"service_id"`
	Total     string  `json:"total"`
}

// statementJSON is one department's statement for a month.
type statementJSON struct {
	Month          string             `json:"month"`
	Department     string             `json:"department"`
	DepartmentName string             `json:"department_name"`
	CostCenter     string             `json:"cost_center"`
	Currency       string             `json:"currency"`
	Status         string             `json:"status"`
	Lines          []lineJSON         `json:"lines"`
	ByService      []serviceTotalJSON `json:"by_service"`
	Total          string             `json:"total"`
	ClosedAt       *string            `json:"closed_at,omitempty"`
	Checksum       string             `json:"checksum,omitempty"`
	Inquiries      inquiryCountsJSON  `json:"inquiries"`
}

// monthItemJSON is one statement in the month's list.
type monthItemJSON struct {
	Department string `json:"department"`
	CostCenter string `json:"cost_center"`
	Total      string `json:"total"`
	Lines      int    `json:"lines"`
	Status     string `json:"status"`
}

// monthJSON is the month's statements.
type monthJSON struct {
	Month  string          `json:"month"`
	Status string          `json:"status"`
	Total  string          `json:"total"`
	Items  []monthItemJSON `json:"items"`
}

// periodJSON is a month's close status.
type periodJSON struct {
	Month    string  `json:"month"`
	Status   string  `json:"status"`
	ClosedAt *string `json:"closed_at,omitempty"`
	ClosedBy string  `json:"closed_by,omitempty"`
	Total    *string `json:"total,omitempty"`
	// InquiriesOpen counts the month's open inquiries (GET only).
	InquiriesOpen *int `json:"inquiries_open,omitempty"`
}

// nonEmpty is s, or nil when s is empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func toLineJSON(m billing.Month, costCenter string, l billing.Line) lineJSON {
	out := lineJSON{
		Month: m.String(), Department: l.Department, CostCenter: costCenter, LineID: l.ID, Kind: string(l.Kind),
		RequestID: nonEmpty(l.RequestID), ServiceID: nonEmpty(l.ServiceID), ServiceName: nonEmpty(l.ServiceName),
		Description: l.Description, Amount: l.Amount.StringFixed(2),
	}
	if l.Kind == billing.KindCharge || l.Kind == billing.KindRecurring {
		out.Quantity, out.Unit, out.UnitPrice = nonEmpty(l.Quantity.String()), nonEmpty(l.Unit), nonEmpty(l.UnitPrice.StringFixed(2))
	}
	if l.Kind == billing.KindRecurring {
		days := l.Days
		out.Days = &days
	}
	return out
}

// statementStatus is how a statement shows its month: closed, or open
// (still changing, closing included).
func statementStatus(closed bool) string {
	if closed {
		return string(billing.PeriodClosed)
	}
	return string(billing.PeriodOpen)
}

func (a *API) statementJSON(st billing.Statement) statementJSON {
	out := statementJSON{
		Month: st.Month.String(), Department: st.Department, DepartmentName: st.DepartmentName,
		CostCenter: st.CostCenter, Currency: a.cfg.Currency, Status: statementStatus(st.Closed),
		Lines: make([]lineJSON, 0, len(st.Lines)), ByService: []serviceTotalJSON{}, Total: st.Total.StringFixed(2),
		Checksum: st.Checksum,
	}
	for _, l := range st.Lines {
		out.Lines = append(out.Lines, toLineJSON(st.Month, st.CostCenter, l))
	}
	for _, t := range st.ByService() {
		out.ByService = append(out.ByService, serviceTotalJSON{ServiceID: nonEmpty(t.ServiceID), Total: t.Total.StringFixed(2)})
	}
	if st.Closed {
		out.ClosedAt = optionalTime(st.ClosedAt)
	}
	return out
}

func toPeriodJSON(p billing.Period) periodJSON {
	out := periodJSON{Month: p.Month.String(), Status: string(p.Status), ClosedAt: optionalTime(p.ClosedAt), ClosedBy: p.ClosedBy}
	if p.Status == billing.PeriodClosed {
		total := p.Total.StringFixed(2)
		out.Total = &total
	}
	return out
}

// monthJSONOf lists the month's statements.
func monthJSONOf(p billing.Period, sums []billing.Summary) monthJSON {
	out := monthJSON{Month: p.Month.String(), Status: string(p.Status), Items: []monthItemJSON{}}
	total := decimal.Zero
	for _, s := range sums {
		total = total.Add(s.Total)
		out.Items = append(out.Items, monthItemJSON{
			Department: s.Department, CostCenter: s.CostCenter, Total: s.Total.StringFixed(2), Lines: s.Lines,
			Status: statementStatus(p.Status == billing.PeriodClosed),
		})
	}
	out.Total = total.StringFixed(2)
	return out
}
