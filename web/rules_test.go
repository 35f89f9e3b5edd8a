package web_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"chargeback/internal/request"
)

// TestRequestPageOffersWhatTheAPIAllows holds the request page's copy of
// the lifecycle (src/screens/request-rules.ts, which hides what the API
// would refuse) to the API's own rules table: for every action and status,
// the page offers the action exactly where request.Next allows it.
func TestRequestPageOffersWhatTheAPIAllows(t *testing.T) {
	src, err := os.ReadFile("src/screens/request-rules.ts")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^\s+(\w+): \{ from: \[([^\]]*)\], who: \[[^\]]*\] \},$`)
	offered := map[request.Action][]request.Status{}
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		var from []request.Status
		for _, s := range strings.Split(m[2], ",") {
			if s = strings.Trim(strings.TrimSpace(s), "'"); s != "" {
				from = append(from, request.Status(s))
			}
		}
		offered[request.Action(m[1])] = from
	}
	if len(offered) != len(request.Actions) {
		t.Fatalf("request-rules.ts has %d actions in its rules table, the API %d (%v): is the table still written one action per line?", len(offered), len(request.Actions), request.Actions)
	}
	for _, a := range request.Actions {
		for _, s := range request.Statuses {
			_, err := request.Next(s, a)
			if api, page := err == nil, slices.Contains(offered[a], s); api != page {
				t.Errorf("%s from %s: the API allows it %v, the page offers it %v", a, s, api, page)
			}
		}
	}
}
