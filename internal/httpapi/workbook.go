package httpapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/workbook"
)

// Workbooks writes finance's month workbook. The library that writes the
// file is too large for the API's functions, so in Lambda the statements
// function asks the exports function for it; the local server and the
// tests write it in process (workbook.Builder).
type Workbooks interface {
	Workbook(ctx context.Context, m workbook.Month) ([]byte, error)
}

// WithWorkbooks sets what writes month workbooks, for the function that
// serves the month's statements; it returns a.
func (a *API) WithWorkbooks(w Workbooks) *API {
	a.workbooks = w
	return a
}

// monthWorkbook serves the month's statements as finance's workbook: a
// summary sheet and a sheet per department with activity, read the way
// the statement route reads each (frozen for a closed month, the preview
// for an open one). A closed month's workbook is dated at its close, so
// its bytes never change; an open month's is dated now.
func (a *API) monthWorkbook(ctx context.Context, c *call, m billing.Month) (*reply, error) {
	if a.workbooks == nil {
		return nil, errors.New("no workbook writer is wired into this function")
	}
	p, statements, err := a.store.MonthStatementsInFull(ctx, m, a.org())
	if err != nil {
		return nil, err
	}
	at := c.now
	if p.Status == billing.PeriodClosed {
		at = p.ClosedAt
	}
	body, err := a.workbooks.Workbook(ctx, workbookOf(p, statements, a.cfg.Currency, at))
	if err != nil {
		return nil, err
	}
	r := &reply{status: http.StatusOK, contentType: workbook.MediaType, body: body, binary: true}
	return r.header("Content-Disposition", `attachment; filename="statements-`+m.String()+`.xlsx"`), nil
}

// workbookOf is the month's workbook as the exports function writes it:
// the month's JSON list of statements with each statement's lines as its
// CSV has them (quantity and unit price on charge and recurring lines,
// days on recurring lines, free text guarded by billing.SafeCell).
func workbookOf(p billing.Period, statements []billing.Statement, currency string, at time.Time) workbook.Month {
	closed := p.Status == billing.PeriodClosed
	out := workbook.Month{Month: p.Month.String(), Status: string(p.Status), Currency: currency, Total: decimal.Zero, At: at}
	if closed {
		out.ClosedAt = p.ClosedAt.UTC().Format(time.RFC3339)
	}
	for _, st := range statements {
		ws := workbook.Statement{
			Department: st.Department, DepartmentName: billing.SafeCell(st.DepartmentName), CostCenter: st.CostCenter,
			Total: st.Total, Status: statementStatus(closed), Checksum: st.Checksum,
		}
		for _, l := range st.Lines {
			ws.Lines = append(ws.Lines, workbookLine(st, l))
		}
		out.Statements = append(out.Statements, ws)
		out.Total = out.Total.Add(st.Total)
	}
	return out
}

// workbookLine is a statement line as a row of its department's sheet.
func workbookLine(st billing.Statement, l billing.Line) workbook.Line {
	w := workbook.Line{
		Month: st.Month.String(), Department: st.Department, CostCenter: st.CostCenter, LineID: l.ID, Kind: string(l.Kind),
		RequestID: l.RequestID, ServiceID: l.ServiceID, ServiceName: billing.SafeCell(l.ServiceName),
		Description: billing.SafeCell(l.Description), Unit: billing.SafeCell(l.Unit), Amount: l.Amount,
	}
	if l.Kind == billing.KindCharge || l.Kind == billing.KindRecurring {
		quantity, unitPrice := l.Quantity, l.UnitPrice
		w.Quantity, w.UnitPrice = &quantity, &unitPrice
	}
	if l.Kind == billing.KindRecurring {
		days := l.Days
		w.Days = &days
	}
	return w
}
