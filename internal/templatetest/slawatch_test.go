package templatetest

import (
	"fmt"
	"slices"
	"testing"
)

// The SLA watch runs every five minutes, as SPEC says, and may do exactly
// what WatchSLAs does: Query the open-request index (GSI3, the only index
// it reads), read the markers already written (BatchGetItem), and put a
// marker with a ConditionCheck on its request, those three on the table
// itself. Nothing else: no Update, no other index.
func TestTemplateSLAWatch(t *testing.T) {
	m := readTemplate(t)
	const fn = "SlaWatchFunction"
	if m.resource(fn) == nil {
		t.Fatalf("template.yaml has no %s", fn)
	}
	if got := fmt.Sprint(get(m.resource(fn), "Metadata", "BuildMethod")); got != "makefile" {
		t.Errorf("BuildMethod: got %s, want makefile (the Makefile's build-%s)", got, fn)
	}
	var schedules []string
	evs, _ := m.fnProp(fn, "Events").(map[string]any)
	for _, ev := range evs {
		if typ := fmt.Sprint(get(ev, "Type")); typ == "Schedule" || typ == "ScheduleV2" {
			schedules = append(schedules, fmt.Sprint(get(ev, "Properties", "ScheduleExpression")))
		}
	}
	if !slices.Equal(schedules, []string{"rate(5 minutes)"}) {
		t.Errorf("schedules: got %v, want [rate(5 minutes)]", schedules)
	}
	want := map[string][]string{
		"dynamodb:Query":              {"!Sub ${Table.Arn}/index/GSI3"},
		"dynamodb:BatchGetItem":       {"!GetAtt Table.Arn"},
		"dynamodb:PutItem":            {"!GetAtt Table.Arn"},
		"dynamodb:ConditionCheckItem": {"!GetAtt Table.Arn"},
	}
	got := map[string][]string{}
	for _, st := range statements(get(m.resource(fn), "Properties", "Policies")) {
		for _, a := range strs(get(st, "Action")) {
			got[a] = append(got[a], strs(get(st, "Resource"))...)
		}
	}
	for a, rs := range got {
		slices.Sort(rs)
		if !slices.Equal(rs, want[a]) {
			t.Errorf("may %s on %v; want %v", a, rs, want[a])
		}
	}
	for a := range want {
		if got[a] == nil {
			t.Errorf("may not %s, which WatchSLAs needs", a)
		}
	}
}
