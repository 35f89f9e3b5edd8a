package catalog

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// idPattern is the form of every service and department id.
var idPattern = regexp.MustCompile(`^[a-z0-9-]{2,64}$`)

// Length limits of the free-text fields, in characters.
const (
	maxNameLen        = 100
	maxShortLen       = 60 // category, owner, unit, cost center
	maxDescriptionLen = 500
)

// hundred is the upper bound of a percentage.
var hundred = decimal.NewFromInt(100)

// readServices decodes and validates services.yaml, recording every problem
// in problems. The services it returns are only meaningful when it recorded
// none.
func readServices(data []byte, problems *[]Problem) []Service {
	file := &reporter{problems: problems, file: servicesFile}
	var doc struct {
		Services yaml.Node `yaml:"services"`
	}
	if !decodeFile(file, data, &doc) {
		return nil
	}
	items := entries(file, "services", "service", &doc.Services)
	ids := make(map[string]int)
	out := make([]Service, 0, len(items))
	for i, n := range items {
		r := &reporter{problems: problems, file: servicesFile, entry: fmt.Sprintf("services[%d]", i)}
		if f, ok := newFields(r, "", n); ok {
			out = append(out, readService(f, ids))
		}
	}
	return out
}

// readService reads and validates one service. ids maps each id seen so far
// to its line, to find duplicates.
func readService(f *fields, ids map[string]int) Service {
	s := Service{ID: readID(f, "service", ids)}
	s.Name = f.text("name", maxNameLen)
	s.Category = f.text("category", maxShortLen)
	s.Description = f.text("description", maxDescriptionLen)
	s.Owner = f.text("owner", maxShortLen)
	s.Unit = f.text("unit", maxShortLen)
	s.Fractional = f.optionalBoolean("fractional")
	s.Pricing = Pricing(f.oneOf("pricing", pricings))
	if s.Pricing == Hourly && strings.TrimSpace(s.Unit) != "" && s.Unit != "hour" {
		f.report("unit", f.lineOf("unit"), "must be \"hour\" for hourly pricing, not %q", s.Unit)
	}
	if s.Pricing == Hourly && !s.Fractional {
		f.report("fractional", f.lineOf("fractional"), "must be true for hourly pricing, which charges hours in fractions")
	}
	s.Prices = readPrices(f)
	if n, line, ok := f.integer("sla_hours"); ok {
		if n <= 0 {
			f.report("sla_hours", line, "must be greater than 0")
		}
		s.SLAHours = n
	}
	if d, line, ok := f.decimal("sla_credit_percent"); ok {
		if d.IsNegative() || d.GreaterThan(hundred) {
			f.report("sla_credit_percent", line, "must be between 0 and 100, not %s", d)
		}
		s.SLACreditPercent = d
	}
	s.Approval = Approval(f.oneOf("approval", approvals))
	s.Active = f.boolean("active")
	f.done()
	return s
}

// readPrices reads and validates the price history of the service f reads:
// at least one price, strictly increasing dates, unit prices that are
// never negative and have at most two decimal places.
func readPrices(f *fields) []Price {
	items, ok := f.list("prices")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		f.report("prices", f.lineOf("prices"), "must list at least one price")
		return nil
	}
	out := make([]Price, 0, len(items))
	prev := ""
	for i, n := range items {
		pf, ok := newFields(f.r, fmt.Sprintf("%sprices[%d].", f.prefix, i), n)
		if !ok {
			continue
		}
		var p Price
		if day, line, ok := pf.date("effective"); ok {
			if prev != "" && day <= prev {
				pf.report("effective", line, "must be after %s", prev)
			}
			p.Effective, prev = day, day
		}
		if d, line, ok := pf.decimal("unit_price"); ok {
			if msg := moneyProblem(d); msg != "" {
				pf.report("unit_price", line, "%s, not %s", msg, d)
			}
			p.UnitPrice = d
		}
		pf.done()
		out = append(out, p)
	}
	return out
}

// readID reads the id of the service or department f reads, checks its form
// and that no earlier entry of the file has it, and from then on names the
// entry by it in problems. ids maps each id seen so far to its line.
func readID(f *fields, kind string, ids map[string]int) string {
	id, line, ok := f.scalar("id")
	if !ok {
		return ""
	}
	if strings.TrimSpace(id) == "" {
		f.report("id", line, "must not be blank")
		return id
	}
	f.r.entry = fmt.Sprintf("%s %q", kind, id)
	first, dup := ids[id]
	switch {
	case !idPattern.MatchString(id):
		f.report("id", line, "must match %s", idPattern)
	case dup:
		f.report("id", line, "duplicate: first defined on line %d", first)
	default:
		ids[id] = line
	}
	return id
}
