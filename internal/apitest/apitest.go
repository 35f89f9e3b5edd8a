// Package apitest sends calls through the API's Lambda handler the way API
// Gateway does, for tests in other packages: the system tests, the
// template tests and the API's own. It builds the API over the embedded
// catalog with a fixed clock (Now), names the callers tests use (one per
// role, and requesters of several departments), and runs an API over a
// fresh table in DynamoDB Local (NewEnv).
//
// It imports testing and is meant for tests only; no Lambda function or
// local server may import it.
package apitest

import (
	"io"
	"log/slog"
	"time"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
	"chargeback/internal/workbook"
	"chargeback/internal/workbook/xlsx"
)

// Now is the fixed time of the tests: 2026-03-02 09:00 UTC.
var Now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// Config is the API configuration of the tests: USD, UTC, the default
// claim names, IT's cost center CC-IT and calendar fiscal years.
func Config() httpapi.Config {
	return httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department", ITCostCenter: "CC-IT",
		JournalExpenseAccount: "6400", JournalRecoveryAccount: "6490", FiscalYearStart: time.January}
}

// NewAPI returns the API over the embedded catalog and store, with its clock
// stopped at Now and its log discarded. store may be nil for tests that
// only read the route table.
func NewAPI(store httpapi.Store) *httpapi.API {
	return httpapi.New(Config(), catalog.Load(), store, func() time.Time { return Now }, slog.New(slog.NewTextHandler(io.Discard, nil))).WithWorkbooks(workbook.Builder(xlsx.Build))
}
