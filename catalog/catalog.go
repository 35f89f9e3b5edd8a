// Package catalog is the hospital IT service catalog and the list of
// departments it charges back, kept as reviewed YAML (services.yaml and
// departments.yaml) and embedded in every binary.
//
// The catalog is code: it changes by pull request and deploys with the stack.
// Prices are effective-dated and append-only, and a retired service stays in
// the file with active set to false, so every past request and statement can
// still be priced.
//
// Parse decodes and validates any pair of catalog files. Load, which every
// binary calls at start-up, decodes no YAML: it builds the catalog from
// embedded_gen.go, Go code generated from the two files by `go generate`.
// Tests keep the files valid and fail when embedded_gen.go no longer matches
// them, so Load cannot fail in a built binary.
//
// The package imports nothing from AWS and nothing from the rest of the
// module: every other package may depend on it.
package catalog

import (
	_ "embed" // the catalog files are embedded below
	"slices"
	"sync"
)

//go:generate go test -run TestGeneratedCatalog . -update

// The embedded catalog files, as reviewed in the repository. Load does not
// decode them: embedded_gen.go holds them as Go code, generated from them
// and checked against them by the package's tests.
var (
	//go:embed services.yaml
	servicesYAML []byte

	//go:embed departments.yaml
	departmentsYAML []byte
)

// File names used in validation messages.
const (
	servicesFile    = "services.yaml"
	departmentsFile = "departments.yaml"
)

// Catalog is a parsed and validated set of services and departments. It is
// immutable: every accessor returns copies, so one Catalog may be shared by
// any number of goroutines.
type Catalog struct {
	services     []Service
	serviceAt    map[string]int // id to index in services
	departments  []Department
	departmentAt map[string]int // id to index in departments
}

// embedded builds the generated catalog once per process.
var embedded = sync.OnceValue(generatedCatalog)

// Load returns the catalog of the embedded services.yaml and
// departments.yaml. It is built once, from code generated from the files
// and validated by the package's tests (an invalid catalog fails them
// before any build ships), so it costs no YAML decoding and cannot fail.
// Later calls return the same Catalog.
func Load() *Catalog {
	return embedded()
}

// Parse decodes and validates a services file and a departments file. It
// reports every problem it finds, not only the first, as a *ValidationError
// whose messages name the file, the service or department, and the field.
func Parse(servicesYAML, departmentsYAML []byte) (*Catalog, error) {
	var problems []Problem
	services := readServices(servicesYAML, &problems)
	departments := readDepartments(departmentsYAML, &problems)
	if len(problems) > 0 {
		return nil, &ValidationError{Problems: problems}
	}
	return newCatalog(services, departments), nil
}

// newCatalog returns the catalog of services and departments, which must be
// valid, indexed by id.
func newCatalog(services []Service, departments []Department) *Catalog {
	c := &Catalog{
		services:     services,
		serviceAt:    make(map[string]int, len(services)),
		departments:  departments,
		departmentAt: make(map[string]int, len(departments)),
	}
	for i, s := range services {
		c.serviceAt[s.ID] = i
	}
	for i, d := range departments {
		c.departmentAt[d.ID] = i
	}
	return c
}

// Services returns every service, retired ones included, in file order.
func (c *Catalog) Services() []Service {
	out := make([]Service, len(c.services))
	for i, s := range c.services {
		out[i] = s.clone()
	}
	return out
}

// Service returns the service with the given id, retired or not, and whether
// there is one.
func (c *Catalog) Service(id string) (Service, bool) {
	i, ok := c.serviceAt[id]
	if !ok {
		return Service{}, false
	}
	return c.services[i].clone(), true
}

// Departments returns every department, inactive ones included, in file
// order.
func (c *Catalog) Departments() []Department {
	return slices.Clone(c.departments)
}

// Department returns the department with the given id, active or not, and
// whether there is one.
func (c *Catalog) Department(id string) (Department, bool) {
	i, ok := c.departmentAt[id]
	if !ok {
		return Department{}, false
	}
	return c.departments[i], true
}
