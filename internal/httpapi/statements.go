package httpapi

import (
	"context"
	"strconv"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/errs"
)

// org is what the store computes statements from besides the table.
func (a *API) org() billing.Org {
	return billing.Org{Catalog: a.cat, Location: a.cfg.Location}
}

// monthParam reads the {month} path parameter: a month up to the current
// one (a later month has no statement yet).
func (a *API) monthParam(c *call) (billing.Month, error) {
	m, err := billing.ParseMonth(c.param("month"))
	if err != nil {
		return m, errs.Field("month", "must be a month written YYYY-MM, such as 2026-03")
	}
	return m, errs.Collect(m.CheckBegun("month", c.now, a.cfg.Location))
}

// departmentParam reads the {department} path parameter: a department the
// caller may see. Another department's answers the same 404 as an unknown
// one, byte for byte: it never names the department asked for.
func (a *API) departmentParam(c *call) (catalog.Department, error) {
	id := c.param("department")
	dept, found := a.cat.Department(id)
	if !found || (c.dept != "" && c.dept != id) {
		return catalog.Department{}, errs.New(errs.NotFound, "no such department, or not one you may see")
	}
	return dept, nil
}

// getMonthStatements lists the month's statements, one per department with
// activity, as JSON, as CSV (the same list, a row per statement) or as
// finance's workbook (see monthWorkbook).
func (a *API) getMonthStatements(ctx context.Context, c *call) (*reply, error) {
	m, err := a.monthParam(c)
	if err != nil {
		return nil, err
	}
	f, err := negotiate(c, formatJSON, formatCSV, formatXLSX)
	if err != nil {
		return nil, err
	}
	if f == formatXLSX {
		return a.monthWorkbook(ctx, c, m)
	}
	p, sums, err := a.store.MonthStatements(ctx, m, a.org())
	if err != nil {
		return nil, err
	}
	list := monthJSONOf(p, sums)
	if f == formatCSV {
		return monthCSV(list), nil
	}
	return ok(list)
}

// getStatement serves one department's statement as JSON or CSV. A
// requester asking for another department's gets the same 404 as for an
// unknown department, byte for byte: it never names the department asked
// for.
func (a *API) getStatement(ctx context.Context, c *call) (*reply, error) {
	m, err := a.monthParam(c)
	if err != nil {
		return nil, err
	}
	asCSV, err := wantsCSV(c)
	if err != nil {
		return nil, err
	}
	dept, err := a.departmentParam(c)
	if err != nil {
		return nil, err
	}
	st, _, err := a.store.Statement(ctx, m, dept, a.org())
	if err != nil {
		return nil, err
	}
	if asCSV {
		return csvFile("statement-"+m.String()+"-"+dept.ID+".csv", st.CSV()), nil
	}
	qs, err := a.store.StatementInquiries(ctx, m, dept.ID)
	if err != nil {
		return nil, err
	}
	out := a.statementJSON(st)
	addInquiries(&out, qs)
	return ok(out)
}

// getJournal serves a closed month's general-ledger journal as CSV.
func (a *API) getJournal(ctx context.Context, c *call) (*reply, error) {
	p, err := a.period(ctx, c)
	if err != nil {
		return nil, err
	}
	m := p.Month
	if p.Status != billing.PeriodClosed {
		e := errs.New(errs.Conflict, "month %s is %s; the journal takes final figures, so close the month first", m, p.Status).WithCode("period_not_closed")
		e.Extra = map[string]any{"current_status": string(p.Status)}
		return nil, e
	}
	rows := billing.Journal(m, p.Statements, a.cfg.ledger())
	return csvFile("journal-"+m.String()+".csv", billing.JournalCSV(m, rows)), nil
}

// monthCSVHeader is the header of the month's list of statements as CSV.
var monthCSVHeader = []string{"month", "department", "cost_center", "total", "lines", "status"}

// monthCSV is the month's list of statements as CSV: the JSON's items, a
// row each, with the month.
func monthCSV(list monthJSON) *reply {
	rows := make([][]string, 0, len(list.Items))
	for _, it := range list.Items {
		rows = append(rows, []string{list.Month, it.Department, it.CostCenter, it.Total, strconv.Itoa(it.Lines), it.Status})
	}
	return csvTable("statements-"+list.Month+".csv", monthCSVHeader, rows)
}
