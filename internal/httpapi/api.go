// Package httpapi is the HTTP API: the route table, authentication from JWT
// claims, who may see what, strict JSON decoding, problem+json errors,
// pagination and JSON, CSV and SVG responses. It serves API Gateway HTTP
// API events (payload format 2.0) in Lambda and, through infra/local, on a
// laptop. It decodes, authorizes and renders; the use cases it calls live
// in the store and the money rules in billing.
package httpapi

import (
	"log/slog"
	"time"

	"chargeback/catalog"
	"chargeback/internal/request"
)

// API holds what every route needs.
type API struct {
	cfg   Config
	cat   *catalog.Catalog
	store Store
	now   func() time.Time
	log   *slog.Logger
	// workbooks writes month workbooks; only the statements function has
	// one (WithWorkbooks).
	workbooks Workbooks
}

// New returns the API over a catalog and a store. now is the clock (time.Now
// in Lambda); store may be nil for functions that never touch the table.
func New(cfg Config, cat *catalog.Catalog, store Store, now func() time.Time, log *slog.Logger) *API {
	return &API{cfg: cfg, cat: cat, store: store, now: now, log: log}
}

// The scopes of the routes: who acts for which departments.
var (
	// catalogWide routes are not about a department's data.
	catalogWide = Scope{}
	// ownDepartment routes act for the caller's own department only.
	ownDepartment = Scope{Departmental: true}
	// readAnyDepartment: IT, finance and leadership read every department's.
	readAnyDepartment = Scope{Departmental: true, AnyDepartment: []string{RoleFulfiller, RoleFinance, RoleLeadership}}
	// fileForAnyDepartment: IT and finance file requests for any department.
	fileForAnyDepartment = Scope{Departmental: true, AnyDepartment: []string{RoleFulfiller, RoleFinance}}
	// changeAnyDepartment: IT works every department's requests.
	changeAnyDepartment = Scope{Departmental: true, AnyDepartment: []string{RoleFulfiller}}
	// readStatements: finance and leadership read every department's.
	readStatements = Scope{Departmental: true, AnyDepartment: []string{RoleFinance, RoleLeadership}}
	// askAnyDepartment: finance opens and resolves inquiries on every
	// department's lines.
	askAnyDepartment = Scope{Departmental: true, AnyDepartment: []string{RoleFinance}}
	// setBudgets: finance sets every department's budget.
	setBudgets = Scope{Departmental: true, AnyDepartment: []string{RoleFinance}}
)

// Routes is the route table: every route the API serves, the function that
// serves it in AWS, who may call it and for which departments.
// template.yaml declares the same set (a test checks).
func (a *API) Routes() []Route {
	anyone := []string(nil)
	req := []string{RoleRequester}
	ful := []string{RoleFulfiller}
	reqFul := []string{RoleRequester, RoleFulfiller}
	reqAll := []string{RoleRequester, RoleFulfiller, RoleFinance, RoleLeadership}
	fin := []string{RoleFinance}
	finLead := []string{RoleFinance, RoleLeadership}
	stmt := []string{RoleFinance, RoleLeadership, RoleRequester}
	return []Route{
		{Method: "GET", Path: "/v1/health", Function: FnCatalog, Public: true, handle: a.health},
		{Method: "GET", Path: "/v1/services", Function: FnCatalog, Roles: anyone, Scope: catalogWide, handle: a.listServices},
		{Method: "GET", Path: "/v1/services/{id}", Function: FnCatalog, Roles: anyone, Scope: catalogWide, handle: a.getService},
		{Method: "GET", Path: "/v1/departments", Function: FnCatalog, Roles: anyone, Scope: catalogWide, handle: a.listDepartments},

		{Method: "POST", Path: "/v1/requests", Function: FnRequests, Roles: []string{RoleRequester, RoleFulfiller, RoleFinance}, Scope: fileForAnyDepartment, handle: a.createRequest},
		{Method: "POST", Path: "/v1/quotes", Function: FnRequests, Roles: []string{RoleRequester, RoleFulfiller, RoleFinance}, Scope: fileForAnyDepartment, handle: a.createQuote},
		{Method: "GET", Path: "/v1/requests", Function: FnRequests, Roles: reqAll, Scope: readAnyDepartment, handle: a.listRequests},
		{Method: "GET", Path: "/v1/requests/{id}", Function: FnRequests, Roles: reqAll, Scope: readAnyDepartment, handle: a.getRequest},
		{Method: "PATCH", Path: "/v1/requests/{id}", Function: FnRequests, Roles: req, Scope: ownDepartment, handle: a.patchRequest},
		{Method: "POST", Path: "/v1/requests/{id}/cancel", Function: FnRequests, Roles: reqFul, Scope: changeAnyDepartment, handle: a.actWithReason(request.Cancel)},
		{Method: "POST", Path: "/v1/requests/{id}/approve", Function: FnRequests, Roles: ful, Scope: changeAnyDepartment, handle: a.actWithReason(request.Approve)},
		{Method: "POST", Path: "/v1/requests/{id}/reject", Function: FnRequests, Roles: ful, Scope: changeAnyDepartment, handle: a.actWithReason(request.Reject)},
		{Method: "POST", Path: "/v1/requests/{id}/start", Function: FnRequests, Roles: ful, Scope: changeAnyDepartment, handle: a.actWithReason(request.Start)},
		{Method: "POST", Path: "/v1/requests/{id}/fulfill", Function: FnRequests, Roles: ful, Scope: changeAnyDepartment, handle: a.fulfillRequest},
		{Method: "POST", Path: "/v1/requests/{id}/end", Function: FnRequests, Roles: reqFul, Scope: changeAnyDepartment, handle: a.endRequest},
		{Method: "POST", Path: "/v1/requests/{id}/survey", Function: FnRequests, Roles: req, Scope: ownDepartment, handle: a.postSurvey},
		{Method: "GET", Path: "/v1/requests/{id}/survey", Function: FnRequests, Roles: reqAll, Scope: readAnyDepartment, handle: a.getSurvey},

		{Method: "GET", Path: "/v1/statements/{month}", Function: FnStatements, Roles: finLead, Scope: readStatements, handle: a.getMonthStatements},
		{Method: "GET", Path: "/v1/statements/{month}/{department}", Function: FnStatements, Roles: stmt, Scope: readStatements, handle: a.getStatement},
		{Method: "GET", Path: "/v1/statements/{month}/{department}/changes", Function: FnStatements, Roles: stmt, Scope: readStatements, handle: a.getChanges},
		{Method: "GET", Path: "/v1/statements/{month}/journal", Function: FnStatements, Roles: fin, Scope: readStatements, handle: a.getJournal},
		{Method: "GET", Path: "/v1/periods/{month}", Function: FnStatements, Roles: finLead, Scope: catalogWide, handle: a.getPeriod},
		{Method: "POST", Path: "/v1/periods/{month}/close", Function: FnStatements, Roles: fin, Scope: catalogWide, handle: a.closePeriod},
		{Method: "POST", Path: "/v1/adjustments", Function: FnStatements, Roles: fin, Scope: catalogWide, handle: a.createAdjustment},
		{Method: "POST", Path: "/v1/inquiries", Function: FnStatements, Roles: []string{RoleRequester, RoleFinance}, Scope: askAnyDepartment, handle: a.openInquiry},
		{Method: "GET", Path: "/v1/inquiries", Function: FnStatements, Roles: stmt, Scope: readStatements, handle: a.listInquiries},
		{Method: "GET", Path: "/v1/inquiries/{id}", Function: FnStatements, Roles: stmt, Scope: readStatements, handle: a.getInquiry},
		{Method: "POST", Path: "/v1/inquiries/{id}/resolve", Function: FnStatements, Roles: fin, Scope: askAnyDepartment, handle: a.resolveInquiry},
		{Method: "POST", Path: "/v1/inquiries/{id}/withdraw", Function: FnStatements, Roles: req, Scope: ownDepartment, handle: a.withdrawInquiry},

		{Method: "PUT", Path: "/v1/budgets/{year}/{department}", Function: FnStatements, Roles: fin, Scope: setBudgets, handle: a.putBudget},
		{Method: "GET", Path: "/v1/budgets/{year}/{department}", Function: FnStatements, Roles: stmt, Scope: readStatements, handle: a.getBudget},
		{Method: "GET", Path: "/v1/budgets/{year}", Function: FnStatements, Roles: finLead, Scope: readStatements, handle: a.listBudgets},

		{Method: "GET", Path: "/v1/reports/services", Function: FnReports, Roles: finLead, Scope: catalogWide, handle: a.getServiceReport},
		{Method: "GET", Path: "/v1/reports/departments", Function: FnReports, Roles: finLead, Scope: catalogWide, handle: a.getDepartmentReport},
		{Method: "GET", Path: "/v1/reports/services/chart.svg", Function: FnReports, Roles: finLead, Scope: catalogWide, handle: a.getServiceChart},
	}
}
