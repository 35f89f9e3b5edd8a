package web

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"testing"
	"time"

	"chargeback/internal/billing"
)

// TestFiscalYearOfIsTheAPIs holds the portal's fiscalYearOf
// (src/format.ts, bundled by esbuild and run by Node.js) to the API's
// billing.FiscalYearOf: for every first month of the fiscal year and every
// month of two calendar years, both name the same fiscal year.
func TestFiscalYearOfIsTheAPIs(t *testing.T) {
	requireNode(t)
	script := `
const esbuild = require('esbuild');
const out = esbuild.buildSync({ entryPoints: ['src/format.ts'], bundle: true, format: 'cjs', write: false, logLevel: 'error' });
const m = { exports: {} };
new Function('module', 'exports', 'require', out.outputFiles[0].text)(m, m.exports, require);
const names = {};
for (let start = 1; start <= 12; start++) {
  for (const y of [2026, 2027]) {
    for (let mo = 1; mo <= 12; mo++) {
      const month = y + '-' + String(mo).padStart(2, '0');
      names[start + ' ' + month] = m.exports.fiscalYearOf(month, start);
    }
  }
}
console.log(JSON.stringify(names));
`
	res, err := exec.Command("node", "-e", script).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got map[string]string
	if err := json.Unmarshal(res, &got); err != nil {
		t.Fatalf("node printed %q: %v", res, err)
	}
	n := 0
	for start := time.January; start <= time.December; start++ {
		for _, y := range []int{2026, 2027} {
			for mo := time.January; mo <= time.December; mo++ {
				m, err := billing.ParseMonth(fmt.Sprintf("%d-%02d", y, mo))
				if err != nil {
					t.Fatal(err)
				}
				key := fmt.Sprintf("%d %s", start, m)
				if want := billing.FiscalYearOf(m, start).String(); got[key] != want {
					t.Errorf("start %d, month %s: the portal says %q, the API %q", start, m, got[key], want)
				}
				n++
			}
		}
	}
	if len(got) != n {
		t.Errorf("the portal named %d months, want %d", len(got), n)
	}
}
