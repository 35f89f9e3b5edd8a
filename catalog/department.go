package catalog

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Department is an internal customer of IT: a hospital department that
// requests services and receives a monthly chargeback statement.
type Department struct {
	// ID is the stable identifier, matching [a-z0-9-]{2,64}; a requester's
	// department claim carries it.
	ID string
	// Name is the display name.
	Name string
	// CostCenter is the general-ledger cost center its statement is debited
	// to, unique across departments.
	CostCenter string
	// Active is false for a closed or merged department, kept so its past
	// statements still resolve.
	Active bool
}

// reservedDepartmentIDs are words a department id may not be, because they
// share a path position with department ids in the API's routes:
// /v1/statements/{month}/journal sits beside /v1/statements/{month}/{department}.
var reservedDepartmentIDs = map[string]bool{
	"journal": true,
}

// readDepartments decodes and validates departments.yaml, recording every
// problem in problems. The departments it returns are only meaningful when
// it recorded none.
func readDepartments(data []byte, problems *[]Problem) []Department {
	file := &reporter{problems: problems, file: departmentsFile}
	var doc struct {
		Departments yaml.Node `yaml:"departments"`
	}
	if !decodeFile(file, data, &doc) {
		return nil
	}
	items := entries(file, "departments", "department", &doc.Departments)
	ids := make(map[string]int)
	costCenters := make(map[string]string) // normalized cost center to the entry that has it
	out := make([]Department, 0, len(items))
	for i, n := range items {
		r := &reporter{problems: problems, file: departmentsFile, entry: fmt.Sprintf("departments[%d]", i)}
		f, ok := newFields(r, "", n)
		if !ok {
			continue
		}
		d := Department{ID: readID(f, "department", ids)}
		if reservedDepartmentIDs[d.ID] {
			f.report("id", f.lineOf("id"), "%q is reserved: it is a word in the statement routes", d.ID)
		}
		d.Name = f.text("name", maxNameLen)
		d.CostCenter = f.text("cost_center", maxShortLen)
		if cc := strings.ToUpper(strings.TrimSpace(d.CostCenter)); cc != "" {
			if first, dup := costCenters[cc]; dup {
				f.report("cost_center", f.lineOf("cost_center"), "%q is already used by %s", d.CostCenter, first)
			} else {
				costCenters[cc] = r.entry
			}
		}
		d.Active = f.boolean("active")
		f.done()
		out = append(out, d)
	}
	return out
}
