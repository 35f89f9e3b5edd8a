package load

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/httpapi"
)

// CheckResult is what the reconciliation after a run found.
type CheckResult struct {
	// Created and Fulfilled count the creates answered 201 and the
	// fulfils answered 200 during the run.
	Created, Fulfilled int
	// Listed is the requests the departments' request lists hold.
	Listed int
	// Lines is the charge and recurring lines of the run's requests on
	// the statements.
	Lines int
	// Months are the months the run's requests were charged in.
	Months []MonthCheck
	// Problems are correctness failures: a request lost or duplicated, a
	// charge missing, doubled or mispriced, a total that does not
	// reconcile.
	Problems []string
	// Baseline notes where a raw twin read other data than its route
	// (a twin's query no longer reads what its route reads).
	Baseline []string
}

// MonthCheck is one month's reconciled totals.
type MonthCheck struct {
	Month string
	// Total is the month's total, as the month's statement list gives it
	// and as the sum of the department statements; Statements is how many
	// of those have lines.
	Total      decimal.Decimal
	Statements int
	// ReportCharged is the service report's charged plus the adjustments
	// without a service, which must equal Total.
	ReportCharged decimal.Decimal
}

// OK reports whether the check found no correctness failure.
func (c CheckResult) OK() bool { return len(c.Problems) == 0 }

// maxProblems is how many problems a check lists before it only counts.
const maxProblems = 25

func (c *CheckResult) problem(format string, args ...any) {
	switch {
	case len(c.Problems) < maxProblems:
		c.Problems = append(c.Problems, fmt.Sprintf(format, args...))
	case len(c.Problems) == maxProblems:
		c.Problems = append(c.Problems, "... and more")
	}
}

// listedJSON is a request as the list shows it.
type listedJSON struct {
	createdJSON
	CreatedAt time.Time `json:"created_at"`
}

// lineJSON is the part of a statement line the check reads.
type lineJSON struct {
	Department string          `json:"department"`
	Kind       string          `json:"kind"`
	RequestID  *string         `json:"request_id"`
	Amount     decimal.Decimal `json:"amount"`
}

// statementJSON is the part of a statement the check reads.
type statementJSON struct {
	Lines []lineJSON      `json:"lines"`
	Total decimal.Decimal `json:"total"`
}

// check reconciles what the run filed with what the API now shows: every
// request listed exactly once in its department; every fulfilled one
// charged exactly once, on its department's statement for the month it
// was fulfilled in, and no other charged at all; and each month's total
// equal to the sum of its statements and to the service report's.
func (r *runner) check(ctx context.Context, secret string, cat *catalog.Catalog) (CheckResult, error) {
	var c CheckResult
	fin, err := token(secret, "load.check.finance", httpapi.RoleFinance, "")
	if err != nil {
		return c, err
	}
	filedByID, dupes := r.ledger.snapshot()
	for _, id := range dupes {
		c.problem("request %s: two creates answered with this id", id)
	}
	listed, err := r.listAll(ctx, fin, cat, &c)
	if err != nil {
		return c, err
	}
	c.Created = len(filedByID)
	for id, f := range filedByID {
		if f.Fulfilled {
			c.Fulfilled++
		}
		l, ok := listed[id]
		switch {
		case !ok:
			c.problem("request %s (%s): created, but not in its department's list", id, f.Department)
		case l.Department != f.Department:
			c.problem("request %s: created for %s, listed for %s", id, f.Department, l.Department)
		case f.Fulfilled && l.Status != "fulfilled":
			c.problem("request %s: fulfilled (200), but listed as %s", id, l.Status)
		}
	}
	for id := range listed {
		if _, ok := filedByID[id]; !ok {
			c.problem("request %s: listed, but no create of this run answered with it", id)
		}
	}

	months := []billing.Month{billing.MonthOf(time.Now(), r.loc)}
	for _, l := range listed {
		if l.FulfilledAt != nil {
			if m := billing.MonthOf(*l.FulfilledAt, r.loc); !slices.Contains(months, m) {
				months = append(months, m)
			}
		}
	}
	slices.SortFunc(months, func(a, b billing.Month) int { return compareMonths(a, b) })
	charged := map[string][]billing.Month{} // request id → months with a charge or recurring line
	for _, m := range months {
		mc, err := r.checkMonth(ctx, fin, cat, m, listed, filedByID, charged, &c)
		if err != nil {
			return c, err
		}
		c.Months = append(c.Months, mc)
	}
	for id, l := range listed {
		got := charged[id]
		if l.Status != "fulfilled" {
			if len(got) > 0 {
				c.problem("request %s: %s, yet charged on %d statements", id, l.Status, len(got))
			}
			continue
		}
		if want := chargeMonths(l, months, r.loc); !slices.Equal(got, want) {
			c.problem("request %s (%s): charged in %v; want exactly once in each of %v", id, l.Pricing, got, want)
		}
	}
	return c, nil
}

// listAll reads every department's request list, page by page, and
// returns the requests by id; a request listed twice is a problem.
func (r *runner) listAll(ctx context.Context, tok string, cat *catalog.Catalog, c *CheckResult) (map[string]listedJSON, error) {
	out := map[string]listedJSON{}
	for _, d := range cat.Departments() {
		cursor := ""
		for {
			q := url.Values{"department": {d.ID}, "limit": {"200"}}
			if cursor != "" {
				q.Set("cursor", cursor)
			}
			var page struct {
				Items      []listedJSON `json:"items"`
				NextCursor string       `json:"next_cursor"`
			}
			if err := r.read(ctx, tok, "/v1/requests?"+q.Encode(), &page); err != nil {
				return nil, err
			}
			for _, it := range page.Items {
				if _, seen := out[it.ID]; seen {
					c.problem("request %s: listed more than once", it.ID)
				}
				out[it.ID] = it
				c.Listed++
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
	}
	return out, nil
}

// read GETs path and decodes its JSON answer, which must be 200.
func (r *runner) read(ctx context.Context, tok, path string, out any) error {
	a, err := r.api.call(ctx, http.MethodGet, path, tok, nil, nil)
	if err != nil {
		return fmt.Errorf("check: GET %s: %w", path, err)
	}
	if a.status != http.StatusOK {
		return fmt.Errorf("check: GET %s: got %d, want 200: %s", path, a.status, a.body)
	}
	if err := json.Unmarshal(a.body, out); err != nil {
		return fmt.Errorf("check: GET %s: %w", path, err)
	}
	return nil
}
