package httpapi_test

import (
	"context"
	"strconv"
	"testing"

	"chargeback/catalog"
	"chargeback/internal/billing"
)

// BenchmarkChanges serves what changed in Radiology's March 2026 since
// February, each month with 1,000 and 10,000 posted charge lines, against
// its baseline: reading the same two statements through the store, one
// after the other, as a client comparing them would. The target is the
// view within 1.2× the two reads, growing linearly with the lines: the
// view reads both statements (at once) and makes one pass over their
// lines, then renders a few items.
func BenchmarkChanges(b *testing.B) {
	for _, size := range []int{1000, 10000} {
		b.Run("lines="+strconv.Itoa(size), func(b *testing.B) {
			e := newEnv(b)
			seedStatement(b, e, "2026-02", "radiology", size, false)
			seedStatement(b, e, "2026-03", "radiology", size, false)
			dept, _ := catalog.Load().Department("radiology")
			org := billing.Org{Catalog: catalog.Load(), Location: testConfig().Location}
			feb, mar := billing.Month{}, billing.Month{}
			var err error
			if feb, err = billing.ParseMonth("2026-02"); err != nil {
				b.Fatal(err)
			}
			mar = feb.Next()
			// Warm DynamoDB Local (a JVM) up, so that whichever case runs
			// first is not charged for it.
			for range 3 {
				e.must(b, 200, radiology, "GET", "/v1/statements/2026-03/radiology/changes", "")
			}

			b.Run("view=two-statements", func(b *testing.B) {
				ctx := context.Background()
				before := e.calls.Load()
				for b.Loop() {
					for _, m := range []billing.Month{feb, mar} {
						st, _, err := e.store.Statement(ctx, m, dept, org)
						if err != nil || len(st.Lines) != size {
							b.Fatalf("statement %s: got %d lines (%v), want %d", m, len(st.Lines), err, size)
						}
					}
				}
				b.ReportMetric(float64(e.calls.Load()-before)/float64(b.N), "ddb-calls/op")
			})
			b.Run("view=changes", func(b *testing.B) {
				before := e.calls.Load()
				for b.Loop() {
					res := e.do(b, radiology, "GET", "/v1/statements/2026-03/radiology/changes", "")
					if res.status != 200 {
						b.Fatalf("got %d, want 200\n%s", res.status, res.body)
					}
				}
				b.ReportMetric(float64(e.calls.Load()-before)/float64(b.N), "ddb-calls/op")
			})
		})
	}
}
