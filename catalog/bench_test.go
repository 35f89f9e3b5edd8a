package catalog

import "testing"

// BenchmarkParse measures what a Lambda binary pays once at start-up for
// the catalog: decoding and validating the embedded files.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(servicesYAML, departmentsYAML); err != nil {
			b.Fatal(err)
		}
	}
}
