package httpapi

import (
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"chargeback/internal/billing"
	"chargeback/internal/chart"
	"chargeback/internal/errs"
	"chargeback/internal/satisfaction"
)

// maxReportMonths is the longest range a report covers.
const maxReportMonths = 24

// metricsJSON is a tally's metrics; null where nothing was measured.
type metricsJSON struct {
	Requests            int     `json:"requests"`
	Fulfilled           int     `json:"fulfilled"`
	Units               string  `json:"units"`
	Charged             string  `json:"charged"`
	Credits             string  `json:"credits"`
	CostPerUnit         *string `json:"cost_per_unit"`
	Responses           int     `json:"responses"`
	AvgScore            *string `json:"avg_score"`
	CSATPercent         *string `json:"csat_percent"`
	ResponseRatePercent *string `json:"response_rate_percent"`
	SLAMetPercent       *string `json:"sla_met_percent"`
	MedianHours         *string `json:"median_hours"`
	P90Hours            *string `json:"p90_hours"`
}

// serviceItemJSON is one service's row of the service report.
type serviceItemJSON struct {
	ServiceID   string `json:"service_id"`
	ServiceName string `json:"service_name"`
	Category    string `json:"category"`
	metricsJSON
}

// serviceReportJSON is the service report.
type serviceReportJSON struct {
	From   string            `json:"from"`
	To     string            `json:"to"`
	Items  []serviceItemJSON `json:"items"`
	Totals metricsJSON       `json:"totals"`
	// AdjustmentsWithoutService is what, added to the services' charged,
	// makes the statements' total for the same months.
	AdjustmentsWithoutService string `json:"adjustments_without_service"`
}

// departmentItemJSON is one department's row of the department report.
type departmentItemJSON struct {
	Department     string  `json:"department"`
	DepartmentName string  `json:"department_name"`
	Charged        string  `json:"charged"`
	Requests       int     `json:"requests"`
	Fulfilled      int     `json:"fulfilled"`
	Responses      int     `json:"responses"`
	AvgScore       *string `json:"avg_score"`
}

func fixed(d *decimal.Decimal, places int32) *string {
	if d == nil {
		return nil
	}
	s := d.StringFixed(places)
	return &s
}

func toMetricsJSON(m satisfaction.Metrics) metricsJSON {
	return metricsJSON{
		Requests: m.Requests, Fulfilled: m.Fulfilled, Units: m.Units.String(), Charged: m.Charged.StringFixed(2),
		Credits: m.Credits.StringFixed(2), CostPerUnit: fixed(m.CostPerUnit, 2), Responses: m.Responses,
		AvgScore: fixed(m.AvgScore, 2), CSATPercent: fixed(m.CSATPercent, 1), ResponseRatePercent: fixed(m.ResponseRatePercent, 1),
		SLAMetPercent: fixed(m.SLAMetPercent, 1), MedianHours: fixed(m.MedianHours, 1), P90Hours: fixed(m.P90Hours, 1),
	}
}

// reportRange reads ?from= and ?to=: well-formed months, from ≤ to, at
// most 24 months, none after the current one.
func (a *API) reportRange(c *call) (billing.Month, billing.Month, error) {
	var problems []*errs.FieldError
	month := func(name string) billing.Month {
		m, err := billing.ParseMonth(c.query(name))
		var problem *errs.FieldError
		switch {
		case c.query(name) == "":
			problem = &errs.FieldError{Field: name, Message: "is required: a month written YYYY-MM"}
		case err != nil:
			problem = &errs.FieldError{Field: name, Message: "must be a month written YYYY-MM, such as 2026-03"}
		default:
			problem = m.CheckBegun(name, c.now, a.cfg.Location)
		}
		if problem != nil {
			problems = append(problems, problem)
		}
		return m
	}
	from, to := month("from"), month("to")
	if len(problems) == 0 {
		switch n := len(billing.MonthsThrough(from, to)); {
		case to.Before(from):
			problems = append(problems, &errs.FieldError{Field: "to", Message: "is before from"})
		case n > maxReportMonths:
			problems = append(problems, &errs.FieldError{Field: "to", Message: "makes a range of " + strconv.Itoa(n) + " months; a report covers at most 24"})
		}
	}
	return from, to, errs.Collect(problems...)
}

// reportBook reads the range's tallies.
func (a *API) reportBook(ctx context.Context, c *call) (billing.Month, billing.Month, satisfaction.Book, error) {
	from, to, err := a.reportRange(c)
	if err != nil {
		return from, to, satisfaction.Book{}, err
	}
	book, err := a.store.ReportBook(ctx, from, to, a.org())
	return from, to, book, err
}

// active reports whether a tally saw any activity.
func active(t satisfaction.Tally) bool {
	return t.Requests > 0 || t.Fulfilled > 0 || t.Responses > 0 || !t.Charged.IsZero() || !t.Units.IsZero()
}

// serviceReport is the service report of a range.
func (a *API) serviceReport(from, to billing.Month, book satisfaction.Book) serviceReportJSON {
	out := serviceReportJSON{From: from.String(), To: to.String(), Items: []serviceItemJSON{}}
	var totals satisfaction.Tally
	for _, id := range slices.Sorted(maps.Keys(book.Services)) {
		t := book.Services[id]
		if id == "" || !active(t) {
			continue
		}
		svc, _ := a.cat.Service(id)
		out.Items = append(out.Items, serviceItemJSON{ServiceID: id, ServiceName: svc.Name, Category: svc.Category, metricsJSON: toMetricsJSON(t.Metrics())})
		totals.Add(t)
	}
	out.Totals = toMetricsJSON(totals.Metrics())
	out.AdjustmentsWithoutService = book.Services[""].Charged.StringFixed(2)
	return out
}

// getServiceReport serves cost, volume, speed and satisfaction per
// service, as JSON or CSV.
func (a *API) getServiceReport(ctx context.Context, c *call) (*reply, error) {
	asCSV, err := wantsCSV(c)
	if err != nil {
		return nil, err
	}
	from, to, book, err := a.reportBook(ctx, c)
	if err != nil {
		return nil, err
	}
	report := a.serviceReport(from, to, book)
	if !asCSV {
		return ok(report)
	}
	header := []string{"service_id", "service_name", "category", "requests", "fulfilled", "units", "charged", "credits", "cost_per_unit",
		"responses", "avg_score", "csat_percent", "response_rate_percent", "sla_met_percent", "median_hours", "p90_hours"}
	rows := make([][]string, 0, len(report.Items))
	for _, it := range report.Items {
		m := it.metricsJSON
		rows = append(rows, []string{
			it.ServiceID, billing.SafeCell(it.ServiceName), billing.SafeCell(it.Category), strconv.Itoa(m.Requests), strconv.Itoa(m.Fulfilled),
			m.Units, m.Charged, m.Credits, cell(m.CostPerUnit), strconv.Itoa(m.Responses), cell(m.AvgScore), cell(m.CSATPercent),
			cell(m.ResponseRatePercent), cell(m.SLAMetPercent), cell(m.MedianHours), cell(m.P90Hours),
		})
	}
	return csvTable(reportFile("services", from, to), header, rows), nil
}

// reportFile names a report's CSV download, such as
// "report-services-2026-01-2026-03.csv".
func reportFile(what string, from, to billing.Month) string {
	return "report-" + what + "-" + from.String() + "-" + to.String() + ".csv"
}

// getDepartmentReport serves charges, volume and satisfaction per
// department, as JSON or CSV.
func (a *API) getDepartmentReport(ctx context.Context, c *call) (*reply, error) {
	asCSV, err := wantsCSV(c)
	if err != nil {
		return nil, err
	}
	from, to, book, err := a.reportBook(ctx, c)
	if err != nil {
		return nil, err
	}
	items := []departmentItemJSON{}
	for _, d := range a.cat.Departments() {
		t, found := book.Departments[d.ID]
		if !found || !active(t) {
			continue
		}
		m := t.Metrics()
		items = append(items, departmentItemJSON{
			Department: d.ID, DepartmentName: d.Name, Charged: m.Charged.StringFixed(2), Requests: m.Requests,
			Fulfilled: m.Fulfilled, Responses: m.Responses, AvgScore: fixed(m.AvgScore, 2),
		})
	}
	if !asCSV {
		return ok(struct {
			From  string               `json:"from"`
			To    string               `json:"to"`
			Items []departmentItemJSON `json:"items"`
		}{from.String(), to.String(), items})
	}
	rows := make([][]string, 0, len(items))
	for _, it := range items {
		rows = append(rows, []string{it.Department, billing.SafeCell(it.DepartmentName), it.Charged, strconv.Itoa(it.Requests),
			strconv.Itoa(it.Fulfilled), strconv.Itoa(it.Responses), cell(it.AvgScore)})
	}
	header := []string{"department", "department_name", "charged", "requests", "fulfilled", "responses", "avg_score"}
	return csvTable(reportFile("departments", from, to), header, rows), nil
}

// cell is a nullable figure as a CSV cell: empty for null.
func cell(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// getServiceChart draws each rated service's average cost per request
// against its average satisfaction: the service report as a slide.
func (a *API) getServiceChart(ctx context.Context, c *call) (*reply, error) {
	from, to, book, err := a.reportBook(ctx, c)
	if err != nil {
		return nil, err
	}
	points, unrated := chartPoints(a.serviceReport(from, to, book), book)
	svg := chart.Render(from.String(), to.String(), a.cfg.Currency, points, unrated)
	return &reply{status: http.StatusOK, contentType: "image/svg+xml; charset=utf-8", body: svg}, nil
}

// chartPoints places each service of the report: x is charged per request
// submitted in the range (per request fulfilled when none was submitted),
// y its average score; services without responses or requests are listed
// as unrated instead.
func chartPoints(report serviceReportJSON, book satisfaction.Book) ([]chart.Point, []string) {
	var points []chart.Point
	var unrated []string
	for _, it := range report.Items {
		t := book.Services[it.ServiceID]
		m := t.Metrics()
		if m.AvgScore == nil || m.CostPerRequest == nil {
			unrated = append(unrated, it.ServiceName)
			continue
		}
		points = append(points, chart.Point{Name: it.ServiceName, Cost: *m.CostPerRequest, Score: *m.AvgScore, Requests: cmp.Or(t.Requests, t.Fulfilled)})
	}
	return points, unrated
}
