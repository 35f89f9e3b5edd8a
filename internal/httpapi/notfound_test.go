package httpapi_test

import (
	"strings"
	"testing"
)

// TestNotFoundNamesNothingTheCallerSent: a 404 never repeats the id or
// department the caller asked for, so another department's data answers
// byte for byte as data that does not exist.
func TestNotFoundNamesNothingTheCallerSent(t *testing.T) {
	e := newEnv(t)
	theirs := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)
	unrated := e.create(t, pharmacy, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+unrated+"/approve", "")
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+unrated+"/fulfill", "")
	const missing = "01KGES92M037RE4H3H70AQTM2Z"
	tests := []struct {
		name         string
		who          caller
		method, path string
		body         string
		asked        []string // what the caller sent that the body must not hold
		twin         string   // a path whose 404 must be the same bytes, "" for none
	}{
		{"another department's request", pharmacy, "GET", "/v1/requests/" + theirs, "", []string{theirs, "radiology"}, "/v1/requests/" + missing},
		{"a request that does not exist", pharmacy, "GET", "/v1/requests/" + missing, "", []string{missing}, ""},
		{"an id that is no id", finance, "GET", "/v1/requests/not-an-id-at-all", "", []string{"not-an-id-at-all"}, "/v1/requests/" + missing},
		{"changing another department's request", pharmacy, "PATCH", "/v1/requests/" + theirs, `{"quantity": 2}`, []string{theirs}, "/v1/requests/" + missing},
		{"cancelling another department's request", pharmacy, "POST", "/v1/requests/" + theirs + "/cancel", "", []string{theirs}, "/v1/requests/" + missing + "/cancel"},
		{"fulfilling a request that does not exist", fulfiller, "POST", "/v1/requests/" + missing + "/fulfill", "", []string{missing}, ""},
		{"another department's survey", pharmacy, "GET", "/v1/requests/" + theirs + "/survey", "", []string{theirs}, "/v1/requests/" + missing + "/survey"},
		{"a survey not given yet", pharmacy, "GET", "/v1/requests/" + unrated + "/survey", "", []string{unrated}, ""},
		{"another department's statement", radiology, "GET", "/v1/statements/2026-03/facilities", "", []string{"facilities"}, "/v1/statements/2026-03/nowhere"},
		{"a department that does not exist", finance, "GET", "/v1/statements/2026-03/astrology", "", []string{"astrology"}, "/v1/statements/2026-03/nowhere"},
		{"a service that does not exist", radiology, "GET", "/v1/services/teleporter", "", []string{"teleporter"}, "/v1/services/nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, tt.method, tt.path, tt.body)
			if res.status != 404 {
				t.Fatalf("got %d, want 404\n%s", res.status, res.body)
			}
			for _, a := range tt.asked {
				if strings.Contains(res.body, a) {
					t.Errorf("the 404 repeats %q: %s", a, res.body)
				}
			}
			if tt.twin == "" {
				return
			}
			twin := e.do(t, tt.who, tt.method, tt.twin, tt.body)
			if twin.status != res.status || twin.body != res.body {
				t.Errorf("told apart from %s:\n got %d %s\nwant %d %s", tt.twin, res.status, res.body, twin.status, twin.body)
			}
		})
	}
}
