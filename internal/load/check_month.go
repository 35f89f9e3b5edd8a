package load

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// checkMonth reads month m's statement of every department, its list of
// statements and its service report, and checks they agree with each
// other and with the requests; it notes in charged the month of each
// request's charge or recurring line.
func (r *runner) checkMonth(ctx context.Context, tok string, cat *catalog.Catalog, m billing.Month, listed map[string]listedJSON,
	filedByID map[string]filed, charged map[string][]billing.Month, c *CheckResult) (MonthCheck, error) {
	mc := MonthCheck{Month: m.String()}
	totals := map[string]decimal.Decimal{}
	counts := map[string]int{}
	for _, d := range cat.Departments() {
		var st statementJSON
		if err := r.read(ctx, tok, "/v1/statements/"+m.String()+"/"+d.ID, &st); err != nil {
			return mc, err
		}
		sum, posted, subs := decimal.Zero, 0, 0
		for _, l := range st.Lines {
			sum = sum.Add(l.Amount)
			if l.Kind != "recurring" {
				posted++
			}
			if l.RequestID == nil || (l.Kind != "charge" && l.Kind != "recurring") {
				continue
			}
			id := *l.RequestID
			if l.Kind == "recurring" {
				subs++
			}
			charged[id] = append(charged[id], m)
			c.Lines++
			f, ours := filedByID[id]
			switch {
			case !ours:
				c.problem("%s %s: a %s line for request %s, which no create of this run answered with", m, d.ID, l.Kind, id)
			case f.Department != d.ID || l.Department != d.ID:
				c.problem("%s %s: a %s line for request %s of %s", m, d.ID, l.Kind, id, f.Department)
			case l.Kind == "charge" && !l.Amount.Equal(f.Estimated):
				c.problem("%s %s: request %s charged %s, quoted %s", m, d.ID, id, l.Amount, f.Estimated)
			}
		}
		if !sum.Equal(st.Total) {
			c.problem("%s %s: the lines sum to %s, the statement's total is %s", m, d.ID, sum, st.Total)
		}
		totals[d.ID], counts[d.ID] = st.Total, len(st.Lines)
		mc.Total = mc.Total.Add(st.Total)
		if len(st.Lines) > 0 {
			mc.Statements++
		}
		if gotPosted, gotSubs, err := r.raw.statement(ctx, m, d.ID); err != nil {
			return mc, err
		} else if gotPosted != posted || gotSubs != subs {
			c.Baseline = append(c.Baseline, fmt.Sprintf("%s %s: the statement twin read %d lines and %d subscriptions, the statement shows %d and %d",
				m, d.ID, gotPosted, gotSubs, posted, subs))
		}
	}
	r.checkMonthList(ctx, tok, m, totals, counts, &mc, c)
	return mc, r.checkReport(ctx, tok, m, listed, &mc, c)
}

// checkMonthList checks the month's list of statements against the
// department statements read one by one.
func (r *runner) checkMonthList(ctx context.Context, tok string, m billing.Month, totals map[string]decimal.Decimal, counts map[string]int, mc *MonthCheck, c *CheckResult) {
	var list struct {
		Total decimal.Decimal `json:"total"`
		Items []struct {
			Department string          `json:"department"`
			Total      decimal.Decimal `json:"total"`
			Lines      int             `json:"lines"`
		} `json:"items"`
	}
	if err := r.read(ctx, tok, "/v1/statements/"+m.String(), &list); err != nil {
		c.problem("%s: the month's statement list: %v", m, err)
		return
	}
	sum, listedDepts := decimal.Zero, map[string]bool{}
	for _, it := range list.Items {
		sum = sum.Add(it.Total)
		listedDepts[it.Department] = true
		if !it.Total.Equal(totals[it.Department]) || it.Lines != counts[it.Department] {
			c.problem("%s %s: the month's list says %s in %d lines, the statement %s in %d", m, it.Department, it.Total, it.Lines, totals[it.Department], counts[it.Department])
		}
	}
	for dept, n := range counts {
		if n > 0 && !listedDepts[dept] {
			c.problem("%s %s: %d lines on the statement, missing from the month's list", m, dept, n)
		}
	}
	if !sum.Equal(list.Total) || !list.Total.Equal(mc.Total) {
		c.problem("%s: the month's list total is %s, its items sum to %s, the department statements to %s", m, list.Total, sum, mc.Total)
	}
}

// checkReport checks the month's service report against the statements
// and the requests: charged (plus adjustments without a service) equals
// the month's total, and the requests submitted and fulfilled in the month
// are the run's.
func (r *runner) checkReport(ctx context.Context, tok string, m billing.Month, listed map[string]listedJSON, mc *MonthCheck, c *CheckResult) error {
	var rep struct {
		Totals struct {
			Requests  int             `json:"requests"`
			Fulfilled int             `json:"fulfilled"`
			Charged   decimal.Decimal `json:"charged"`
		} `json:"totals"`
		AdjustmentsWithoutService decimal.Decimal `json:"adjustments_without_service"`
	}
	if err := r.read(ctx, tok, "/v1/reports/services?from="+m.String()+"&to="+m.String(), &rep); err != nil {
		return err
	}
	mc.ReportCharged = rep.Totals.Charged.Add(rep.AdjustmentsWithoutService)
	if !mc.ReportCharged.Equal(mc.Total) {
		c.problem("%s: the service report charged %s, the statements total %s", m, mc.ReportCharged, mc.Total)
	}
	submitted, fulfilled := 0, 0
	for _, l := range listed {
		if billing.MonthOf(l.CreatedAt, r.loc) == m {
			submitted++
		}
		if l.FulfilledAt != nil && billing.MonthOf(*l.FulfilledAt, r.loc) == m {
			fulfilled++
		}
	}
	if rep.Totals.Requests != submitted || rep.Totals.Fulfilled != fulfilled {
		c.problem("%s: the service report counts %d requests and %d fulfilled, the lists %d and %d", m, rep.Totals.Requests, rep.Totals.Fulfilled, submitted, fulfilled)
	}
	return nil
}

// chargeMonths are the checked months a fulfilled request must have one
// line in: the month it was fulfilled in and, for a subscription, every
// later one.
func chargeMonths(l listedJSON, checked []billing.Month, loc *time.Location) []billing.Month {
	first := billing.MonthOf(*l.FulfilledAt, loc)
	if l.Pricing != string(catalog.Monthly) {
		return []billing.Month{first}
	}
	var out []billing.Month
	for _, m := range checked {
		if !m.Before(first) {
			out = append(out, m)
		}
	}
	return out
}

func compareMonths(a, b billing.Month) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}
