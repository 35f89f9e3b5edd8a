package httpapi

import (
	"context"
	"errors"
	"net/http"

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
	body, err := a.workbooks.Workbook(ctx, workbook.Month{Period: p, Statements: statements, Currency: a.cfg.Currency, At: at})
	if err != nil {
		return nil, err
	}
	r := &reply{status: http.StatusOK, contentType: workbook.MediaType, body: body, binary: true}
	return r.header("Content-Disposition", `attachment; filename="statements-`+m.String()+`.xlsx"`), nil
}
