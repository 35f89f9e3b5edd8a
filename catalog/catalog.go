// Package catalog is the hospital IT service catalog and the list of
// departments it charges back, kept as reviewed YAML (services.yaml and
// departments.yaml) and embedded in every binary.
//
// The catalog is code: it changes by pull request and deploys with the stack.
// Prices are effective-dated and append-only, and a retired service stays in
// the file with active set to false, so every past request and statement can
// still be priced. Load parses and validates the embedded files; a test keeps
// them valid, so MustLoad cannot fail in a built binary.
//
// The package imports nothing from AWS and nothing from the rest of the
// module: every other package may depend on it.
package catalog

import (
	_ "embed" // the catalog files are embedded below
	"slices"
	"sync"
)

// The embedded catalog files, as reviewed in the repository.
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

// embedded parses the embedded files once per process.
var embedded = sync.OnceValues(func() (*Catalog, error) {
	return Parse(servicesYAML, departmentsYAML)
})

// Load parses and validates the embedded services.yaml and departments.yaml.
// The files are parsed once; later calls return the same Catalog.
func Load() (*Catalog, error) {
	return embedded()
}

// MustLoad is Load for main packages: it panics if the embedded catalog is
// invalid, which the package's tests rule out before any build ships.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic("catalog: embedded catalog is invalid:\n" + err.Error())
	}
	return c
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
	return c, nil
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
