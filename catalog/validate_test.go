package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// problemCase is one invalid input and the problem Parse must report.
type problemCase struct {
	name        string
	services    []byte // nil: one valid service
	departments []byte // nil: one valid department
	entry       string // `service "id"`, "services[0]", or "" for the file
	field       string
	message     string // a part of the message
}

func TestParseReportsServiceProblems(t *testing.T) {
	price := func(effective, unitPrice string) string {
		return "{effective: " + effective + ", unit_price: " + unitPrice + "}"
	}
	svc := `service "ehr-account"`
	runProblemCases(t, []problemCase{
		{name: "duplicate id", services: servicesDoc(entry(serviceFields), entry(serviceFields, "name: Other")),
			entry: svc, field: "id", message: "duplicate: first defined on line 2"},
		{name: "id with capitals and underscore", services: oneService("id: EHR_Account"),
			entry: `service "EHR_Account"`, field: "id", message: "must match ^[a-z0-9-]{2,64}$"},
		{name: "id too short", services: oneService("id: a"),
			entry: `service "a"`, field: "id", message: "must match"},
		{name: "id too long", services: oneService("id: " + strings.Repeat("a", 65)),
			entry: `service "` + strings.Repeat("a", 65) + `"`, field: "id", message: "must match"},
		{name: "missing id", services: oneService("-id"),
			entry: "services[0]", field: "id", message: "is required"},
		{name: "blank name", services: oneService(`name: "  "`),
			entry: svc, field: "name", message: "must not be blank"},
		{name: "missing owner", services: oneService("-owner"),
			entry: svc, field: "owner", message: "is required"},
		{name: "null category", services: oneService("category:"),
			entry: svc, field: "category", message: "is required"},
		{name: "description too long", services: oneService("description: " + strings.Repeat("x", 501)),
			entry: svc, field: "description", message: "at most 500 characters"},
		{name: "unit is a list", services: oneService("unit: [user, device]"),
			entry: svc, field: "unit", message: "must be a single value"},
		{name: "unknown pricing", services: oneService("pricing: weekly"),
			entry: svc, field: "pricing", message: `"weekly" is not one of one_time, monthly, hourly`},
		{name: "hourly service not counted in hours", services: oneService("pricing: hourly"),
			entry: svc, field: "unit", message: `must be "hour" for hourly pricing`},
		{name: "hourly service without fractional", services: oneService("unit: hour", "pricing: hourly"),
			entry: svc, field: "fractional", message: "must be true for hourly pricing"},
		{name: "hourly service with fractional false", services: oneService("unit: hour", "fractional: false", "pricing: hourly"),
			entry: svc, field: "fractional", message: "must be true for hourly pricing"},
		{name: "fractional not a boolean", services: oneService("fractional: yes"),
			entry: svc, field: "fractional", message: `"yes" is not true or false`},
		{name: "fractional null", services: oneService("fractional:"),
			entry: svc, field: "fractional", message: "must be true or false, or left out"},
		{name: "fractional is a list", services: oneService("fractional: [true]"),
			entry: svc, field: "fractional", message: "must be a single value"},
		{name: "fractional set twice", services: oneService("fractional: true", "+fractional: false"),
			entry: svc, field: "fractional", message: "is set more than once"},
		{name: "unknown approval", services: oneService("approval: maybe"),
			entry: svc, field: "approval", message: `"maybe" is not one of required, none`},
		{name: "empty price list", services: oneService("prices: []"),
			entry: svc, field: "prices", message: "must list at least one price"},
		{name: "missing prices", services: oneService("-prices"),
			entry: svc, field: "prices", message: "is required"},
		{name: "prices not a list", services: oneService(`prices: "25.00"`),
			entry: svc, field: "prices", message: "must be a list"},
		{name: "price not a mapping", services: oneService(`prices: ["25.00"]`),
			entry: svc, field: "prices[0]", message: "must be a mapping"},
		{name: "same effective date twice",
			services: oneService("prices: [" + price("2026-01-01", `"25.00"`) + ", " + price("2026-01-01", `"30.00"`) + "]"),
			entry:    svc, field: "prices[1].effective", message: "must be after 2026-01-01"},
		{name: "effective dates decreasing",
			services: oneService("prices: [" + price("2026-01-01", `"25.00"`) + ", " + price("2025-07-01", `"30.00"`) + "]"),
			entry:    svc, field: "prices[1].effective", message: "must be after 2026-01-01"},
		{name: "impossible date", services: oneService("prices: [" + price("2026-02-30", `"25.00"`) + "]"),
			entry: svc, field: "prices[0].effective", message: `"2026-02-30" is not a date YYYY-MM-DD`},
		{name: "timestamp instead of date", services: oneService("prices: [" + price("2026-01-01T00:00:00Z", `"25.00"`) + "]"),
			entry: svc, field: "prices[0].effective", message: "is not a date"},
		{name: "missing effective date", services: oneService(`prices: [{unit_price: "25.00"}]`),
			entry: svc, field: "prices[0].effective", message: "is required"},
		{name: "three-decimal price", services: oneService("prices: [" + price("2025-01-01", `"42.005"`) + "]"),
			entry: svc, field: "prices[0].unit_price", message: "must have at most 2 decimal places"},
		{name: "three-decimal price as a YAML number", services: oneService("prices: [" + price("2025-01-01", "42.005") + "]"),
			entry: svc, field: "prices[0].unit_price", message: "must have at most 2 decimal places"},
		{name: "negative price", services: oneService("prices: [" + price("2025-01-01", `"-1.00"`) + "]"),
			entry: svc, field: "prices[0].unit_price", message: "must not be negative"},
		{name: "price not a number", services: oneService("prices: [" + price("2025-01-01", "abc") + "]"),
			entry: svc, field: "prices[0].unit_price", message: `"abc" is not a decimal number`},
		{name: "price with currency sign", services: oneService("prices: [" + price("2025-01-01", `"$25.00"`) + "]"),
			entry: svc, field: "prices[0].unit_price", message: "is not a decimal number"},
		{name: "unknown field in a price",
			services: oneService(`prices: [{effective: 2025-01-01, unit_price: "25.00", currency: EUR}]`),
			entry:    svc, field: "prices[0].currency", message: "unknown field"},
		{name: "unknown field in the second price of a one-line list",
			services: oneService(`prices: [{effective: 2025-01-01, unit_price: "25.00"}, {effective: 2026-01-01, unit_price: "30.00", currency: EUR}]`),
			entry:    svc, field: "prices[1].currency", message: "unknown field"},
		{name: "field set twice in the second price of a one-line list",
			services: oneService(`prices: [{effective: 2025-01-01, unit_price: "25.00"}, {effective: 2026-01-01, unit_price: "30.00", unit_price: "31.00"}]`),
			entry:    svc, field: "prices[1].unit_price", message: "is set more than once"},
		{name: "zero sla_hours", services: oneService("sla_hours: 0"),
			entry: svc, field: "sla_hours", message: "must be greater than 0"},
		{name: "fractional sla_hours", services: oneService("sla_hours: 12.5"),
			entry: svc, field: "sla_hours", message: `"12.5" is not a whole number`},
		{name: "percent above 100", services: oneService("sla_credit_percent: 100.5"),
			entry: svc, field: "sla_credit_percent", message: "must be between 0 and 100, not 100.5"},
		{name: "negative percent", services: oneService(`sla_credit_percent: "-5"`),
			entry: svc, field: "sla_credit_percent", message: "must be between 0 and 100"},
		{name: "percent not a number", services: oneService("sla_credit_percent: ten"),
			entry: svc, field: "sla_credit_percent", message: "is not a decimal number"},
		{name: "active not a boolean", services: oneService("active: yes"),
			entry: svc, field: "active", message: `"yes" is not true or false`},
		{name: "unknown field", services: oneService("colour: blue"),
			entry: svc, field: "colour", message: "unknown field"},
		{name: "misspelt field", services: oneService("-sla_hours", "sla_hour: 24"),
			entry: svc, field: "sla_hour", message: "unknown field"},
		{name: "field set twice", services: oneService("+sla_hours: 48"),
			entry: svc, field: "sla_hours", message: "is set more than once"},
		{name: "service not a mapping", services: []byte("services:\n  - ehr-account\n"),
			entry: "services[0]", message: "must be a mapping"},
		{name: "unknown top-level key", services: append(oneService(), "extras: 1\n"...),
			field: "extras", message: "unknown field"},
		{name: "services not a list", services: []byte("services:\n  ehr-account: {}\n"),
			field: "services", message: "must be a list of services"},
		{name: "services null", services: []byte("services:\n"),
			field: "services", message: "must list at least one service"},
		{name: "no services key", services: []byte("# nothing yet\n{}\n"),
			field: "services", message: "must list at least one service"},
		{name: "root is a list", services: []byte("- id: ehr-account\n"),
			message: "must be a mapping at the top level"},
		{name: "empty file", services: []byte{},
			message: "is empty"},
		{name: "no services", services: []byte("services: []\n"),
			field: "services", message: "must list at least one service"},
		{name: "malformed YAML", services: []byte("services: [\n"),
			message: "did not find expected"},
		{name: "two documents", services: append(oneService(), "---\n"+string(oneService())...),
			message: "must hold exactly one YAML document"},
	}, servicesFile)
}

func TestParseReportsDepartmentProblems(t *testing.T) {
	radiology := `department "radiology"`
	runProblemCases(t, []problemCase{
		{name: "reserved id", departments: oneDepartment("id: journal"),
			entry: `department "journal"`, field: "id", message: `"journal" is reserved`},
		{name: "duplicate id", departments: departmentsDoc(entry(departmentFields), entry(departmentFields, "cost_center: CC-4200")),
			entry: radiology, field: "id", message: "duplicate: first defined on line 2"},
		{name: "id with a space", departments: oneDepartment("id: human resources"),
			entry: `department "human resources"`, field: "id", message: "must match"},
		{name: "missing id", departments: oneDepartment("-id"),
			entry: "departments[0]", field: "id", message: "is required"},
		{name: "duplicate cost center",
			departments: departmentsDoc(entry(departmentFields), entry(departmentFields, "id: pharmacy", "name: Pharmacy")),
			entry:       `department "pharmacy"`, field: "cost_center", message: `"CC-4100" is already used by department "radiology"`},
		{name: "cost center differing only in case",
			departments: departmentsDoc(entry(departmentFields), entry(departmentFields, "id: pharmacy", "cost_center: cc-4100")),
			entry:       `department "pharmacy"`, field: "cost_center", message: "is already used"},
		{name: "blank cost center", departments: oneDepartment(`cost_center: ""`),
			entry: radiology, field: "cost_center", message: "must not be blank"},
		{name: "missing cost center", departments: oneDepartment("-cost_center"),
			entry: radiology, field: "cost_center", message: "is required"},
		{name: "missing name", departments: oneDepartment("-name"),
			entry: radiology, field: "name", message: "is required"},
		{name: "missing active", departments: oneDepartment("-active"),
			entry: radiology, field: "active", message: "is required"},
		{name: "unknown field", departments: oneDepartment("budget: 10"),
			entry: radiology, field: "budget", message: "unknown field"},
		{name: "no departments", departments: []byte("departments: []\n"),
			field: "departments", message: "must list at least one department"},
		{name: "services key in departments file", departments: oneService(),
			field: "services", message: "unknown field"},
	}, departmentsFile)
}

// runProblemCases parses each case and checks that one line of the error
// names file, the case's entry and field, and holds its message.
func runProblemCases(t *testing.T, tests []problemCase, file string) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			services, departments := tt.services, tt.departments
			if services == nil {
				services = oneService()
			}
			if departments == nil {
				departments = oneDepartment()
			}
			_, err := Parse(services, departments)
			if err == nil {
				t.Fatalf("Parse: got no error, want %s", want(file, tt))
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Parse: got error of type %T, want *ValidationError", err)
			}
			prefix := location(file, tt.entry, tt.field) + ": "
			for _, line := range strings.Split(err.Error(), "\n") {
				if msg, ok := strings.CutPrefix(line, prefix); ok && strings.Contains(msg, tt.message) {
					return
				}
			}
			t.Errorf("Parse: got errors\n%v\nwant one line %s", err, want(file, tt))
		})
	}
}

// location is the start of a problem's line: file, entry and field.
func location(file, entry, field string) string {
	parts := []string{file}
	for _, p := range []string{entry, field} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ": ")
}

// want describes the problem line a case expects.
func want(file string, tt problemCase) string {
	return "starting " + location(file, tt.entry, tt.field) + ": and holding " + tt.message
}

func TestParseReportsEveryProblem(t *testing.T) {
	services := servicesDoc(
		entry(serviceFields, "pricing: weekly", "sla_hours: 0"),
		entry(serviceFields, "id: vpn-access", `prices: [{effective: 2026-01-01, unit_price: "4.00"}, {effective: 2025-01-01, unit_price: "4.505"}]`),
	)
	departments := departmentsDoc(
		entry(departmentFields, "id: journal"),
		entry(departmentFields, "id: pharmacy"),
	)
	_, err := Parse(services, departments)
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Parse: got %v, want a *ValidationError", err)
	}
	var got []string
	for _, p := range verr.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		`services.yaml: service "ehr-account": pricing: "weekly" is not one of one_time, monthly, hourly (line 8)`,
		`services.yaml: service "ehr-account": sla_hours: must be greater than 0 (line 10)`,
		`services.yaml: service "vpn-access": prices[1].effective: must be after 2026-01-01 (line 21)`,
		`services.yaml: service "vpn-access": prices[1].unit_price: must have at most 2 decimal places, not 4.505 (line 21)`,
		`departments.yaml: department "journal": id: "journal" is reserved: it is a word in the statement routes (line 2)`,
		`departments.yaml: department "pharmacy": cost_center: "CC-4100" is already used by department "journal" (line 8)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(strings.Join(want, "\n"), err.Error()); diff != "" {
		t.Errorf("Error() (-want +got):\n%s", diff)
	}
	var p Problem
	if !errors.As(err, &p) || p.Field != "pricing" {
		t.Errorf("errors.As(err, *Problem): got %+v, want the first problem, field pricing", p)
	}
}
