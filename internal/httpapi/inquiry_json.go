package httpapi

import (
	"chargeback/internal/inquiry"
)

// inquiryJSON is an inquiry as the API shows it. amount is what the
// department asked about; a credit's amount is credit_amount.
type inquiryJSON struct {
	ID               string  `json:"id"`
	Month            string  `json:"month"`
	Department       string  `json:"department"`
	LineID           string  `json:"line_id"`
	ServiceID        *string `json:"service_id"`
	ServiceName      *string `json:"service_name"`
	RequestID        *string `json:"request_id"`
	LineAmount       string  `json:"line_amount"`
	Amount           *string `json:"amount"`
	Reason           string  `json:"reason"`
	Status           string  `json:"status"`
	OpenedAt         string  `json:"opened_at"`
	OpenedBy         string  `json:"opened_by"`
	Version          int     `json:"version"`
	Outcome          string  `json:"outcome,omitempty"`
	CreditAmount     *string `json:"credit_amount,omitempty"`
	Note             string  `json:"note,omitempty"`
	ResolvedAt       *string `json:"resolved_at,omitempty"`
	ResolvedBy       string  `json:"resolved_by,omitempty"`
	WithdrawnAt      *string `json:"withdrawn_at,omitempty"`
	WithdrawnBy      string  `json:"withdrawn_by,omitempty"`
	AdjustmentLineID string  `json:"adjustment_line_id,omitempty"`
	AdjustmentMonth  string  `json:"adjustment_month,omitempty"`
}

func toInquiryJSON(q *inquiry.Inquiry) inquiryJSON {
	out := inquiryJSON{
		ID: q.ID, Month: q.Month.String(), Department: q.Department, LineID: q.LineID,
		ServiceID: nonEmpty(q.ServiceID), ServiceName: nonEmpty(q.ServiceName), RequestID: nonEmpty(q.RequestID),
		LineAmount: q.LineAmount.StringFixed(2), Reason: q.Reason, Status: string(q.Status),
		OpenedAt: timestamp(q.OpenedAt), OpenedBy: q.OpenedBy, Version: q.Version,
		Outcome: string(q.Outcome), Note: q.Note, AdjustmentLineID: q.AdjustmentLineID,
	}
	if q.Amount != nil {
		out.Amount = nonEmpty(q.Amount.StringFixed(2))
	}
	switch q.Status {
	case inquiry.Resolved:
		out.ResolvedAt, out.ResolvedBy = optionalTime(q.ClosedAt), q.ClosedBy
	case inquiry.Withdrawn:
		out.WithdrawnAt, out.WithdrawnBy = optionalTime(q.ClosedAt), q.ClosedBy
	}
	if q.Outcome == inquiry.Credit {
		out.CreditAmount = nonEmpty(q.CreditAmount.StringFixed(2))
		out.AdjustmentMonth = q.AdjustmentMonth.String()
	}
	return out
}

// lineInquiryJSON is the inquiry a statement line shows: its latest.
type lineInquiryJSON struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// inquiryCountsJSON counts a statement's inquiries.
type inquiryCountsJSON struct {
	Open     int `json:"open"`
	Resolved int `json:"resolved"`
}

// addInquiries shows a statement's inquiries: the counts, and on each line
// its latest inquiry (qs is newest first). Withdrawn inquiries are shown
// on their line but not counted.
func addInquiries(st *statementJSON, qs []*inquiry.Inquiry) {
	latest := map[string]*lineInquiryJSON{}
	for _, q := range qs {
		switch q.Status {
		case inquiry.Open:
			st.Inquiries.Open++
		case inquiry.Resolved:
			st.Inquiries.Resolved++
		}
		if latest[q.LineID] == nil {
			latest[q.LineID] = &lineInquiryJSON{ID: q.ID, Status: string(q.Status)}
		}
	}
	for i := range st.Lines {
		st.Lines[i].Inquiry = latest[st.Lines[i].LineID]
	}
}
