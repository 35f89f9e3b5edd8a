package templatetest

import (
	"fmt"
	"strings"
	"testing"
)

// Least privilege: the catalog function has no table access, reports only
// read, and no function may delete or scan.
func TestFunctionPoliciesAreLeastPrivilege(t *testing.T) {
	res := get(readYAML(t, "template.yaml"), "Resources").(map[string]any)
	actions := func(id string) string {
		return fmt.Sprint(get(res[id], "Properties", "Policies"))
	}
	if p := get(res["CatalogFunction"], "Properties", "Policies"); p != nil {
		t.Errorf("the catalog function has policies: %v", p)
	}
	for _, id := range []string{"RequestsFunction", "StatementsFunction", "ReportsFunction", "MonthCloseFunction"} {
		a := actions(id)
		if !strings.Contains(a, "dynamodb:Query") {
			t.Errorf("%s cannot query: %s", id, a)
		}
		for _, never := range []string{"dynamodb:*", "DeleteItem", "Scan", "DeleteTable"} {
			if strings.Contains(a, never) {
				t.Errorf("%s may %s", id, never)
			}
		}
	}
	if a := actions("ReportsFunction"); strings.Contains(a, "Put") || strings.Contains(a, "Update") || strings.Contains(a, "Write") {
		t.Errorf("the reports function may write: %s", a)
	}
	// Batch writes are unconditional: only the month close, which writes
	// lines whose content its key fixes, may use them.
	for id, want := range map[string]bool{"RequestsFunction": false, "StatementsFunction": true, "MonthCloseFunction": true, "ReportsFunction": false} {
		if got := strings.Contains(actions(id), "dynamodb:BatchWriteItem"); got != want {
			t.Errorf("%s may batch-write: got %v, want %v", id, got, want)
		}
	}
}
