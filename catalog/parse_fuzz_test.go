package catalog

import (
	"errors"
	"testing"
)

// FuzzCatalogParse parses any pair of files as services.yaml and
// departments.yaml. Parse never panics and either returns a catalog or a
// *ValidationError listing at least one problem, each naming its file and
// saying what is wrong. A catalog it returns keeps every rule the files
// are reviewed against: well-formed unique ids, at least one service and
// one department, and prices in strictly increasing date order that are
// never negative, have at most two decimals and price their own dates.
func FuzzCatalogParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, services, departments []byte) {
		c, err := Parse(services, departments)
		if err != nil {
			var v *ValidationError
			if c != nil || !errors.As(err, &v) || len(v.Problems) == 0 {
				t.Fatalf("got %v and %T %v, want no catalog and a list of problems", c, err, err)
			}
			for _, p := range v.Problems {
				if (p.File != servicesFile && p.File != departmentsFile) || p.Message == "" || p.Line < 0 {
					t.Fatalf("problem %+v names no file or says nothing", p)
				}
			}
			return
		}
		if len(c.Services()) == 0 || len(c.Departments()) == 0 {
			t.Fatalf("got a catalog of %d services and %d departments", len(c.Services()), len(c.Departments()))
		}
		for _, s := range c.Services() {
			checkParsedService(t, c, s)
		}
		for _, d := range c.Departments() {
			if got, found := c.Department(d.ID); !idPattern.MatchString(d.ID) || !found || got != d || reservedDepartmentIDs[d.ID] {
				t.Fatalf("department %q has a bad id or does not look up as itself", d.ID)
			}
		}
	})
}

// checkParsedService checks one service of a parsed catalog.
func checkParsedService(t *testing.T, c *Catalog, s Service) {
	t.Helper()
	if got, found := c.Service(s.ID); !idPattern.MatchString(s.ID) || !found || got.ID != s.ID || len(got.Prices) != len(s.Prices) {
		t.Fatalf("service %q has a bad id or does not look up as itself", s.ID)
	}
	if len(s.Prices) == 0 || s.SLAHours <= 0 || s.SLACreditPercent.IsNegative() || s.SLACreditPercent.GreaterThan(hundred) {
		t.Fatalf("service %q: %d prices, sla_hours %d, sla_credit_percent %s", s.ID, len(s.Prices), s.SLAHours, s.SLACreditPercent)
	}
	for i, p := range s.Prices {
		if !validDate(p.Effective) || (i > 0 && p.Effective <= s.Prices[i-1].Effective) || moneyProblem(p.UnitPrice) != "" {
			t.Fatalf("service %q: price %d %+v is out of order or not money", s.ID, i, p)
		}
		if got, ok := s.PriceOn(p.Effective); !ok || !got.Equal(p.UnitPrice) {
			t.Fatalf("service %q: the price on %s is %s, want %s", s.ID, p.Effective, got, p.UnitPrice)
		}
	}
}
