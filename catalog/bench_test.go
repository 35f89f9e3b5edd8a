package catalog

import "testing"

// BenchmarkParse measures decoding and validating the embedded files: what
// every Lambda binary paid at start-up when Load called Parse.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(servicesYAML, departmentsYAML); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad measures what the first call of Load costs, which is all a
// Lambda binary pays for the catalog at start-up: building it from the
// generated code. Later calls return the cached Catalog.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if c := generatedCatalog(); len(c.services) == 0 {
			b.Fatal("generated catalog has no services")
		}
	}
}
