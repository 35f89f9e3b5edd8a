package httpapi_test

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chargeback/internal/httpapi"
)

func urlEscape(s string) string { return url.QueryEscape(s) }

func TestMatch(t *testing.T) {
	routes := newAPI(nil).Routes()
	tests := []struct {
		method, path string
		wantKey      string
		wantParams   map[string]string
	}{
		{"GET", "/v1/health", "GET /v1/health", map[string]string{}},
		{"GET", "/v1/services/ehr-account", "GET /v1/services/{id}", map[string]string{"id": "ehr-account"}},
		{"GET", "/v1/statements/2026-03/journal", "GET /v1/statements/{month}/journal", map[string]string{"month": "2026-03"}},
		{"GET", "/v1/statements/2026-03/radiology", "GET /v1/statements/{month}/{department}", map[string]string{"month": "2026-03", "department": "radiology"}},
		{"GET", "/v1/reports/services/chart.svg", "GET /v1/reports/services/chart.svg", map[string]string{}},
		{"POST", "/v1/requests/abc/fulfill", "POST /v1/requests/{id}/fulfill", map[string]string{"id": "abc"}},
		{"DELETE", "/v1/requests/abc", "", nil},
		{"GET", "/v1/requests/abc/nope", "", nil},
		{"GET", "/v1/services/", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r, params, found := httpapi.Match(routes, tt.method, tt.path)
			if !found {
				if tt.wantKey != "" {
					t.Fatalf("no match, want %s", tt.wantKey)
				}
				return
			}
			if r.Key() != tt.wantKey {
				t.Errorf("route: got %q, want %q", r.Key(), tt.wantKey)
			}
			if diff := cmp.Diff(tt.wantParams, params); diff != "" {
				t.Errorf("params (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"finance", []string{"finance"}},
		{"[finance leadership]", []string{"finance", "leadership"}},
		{`["finance","leadership"]`, []string{"finance", "leadership"}},
		{`["finance", "leadership"]`, []string{"finance", "leadership"}},
		{"[]", []string{}},
		// API Gateway joins items with single spaces; commas never split.
		{"[x,fulfiller]", []string{"x,fulfiller"}},
		{"x,fulfiller", []string{"x,fulfiller"}},
		{"finance readonly", []string{"finance readonly"}},
		{`["finance readonly"]`, []string{"finance readonly"}},
		{"[finance", []string{"[finance"}},
		{"[a  b]", []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, httpapi.ParseList(tt.in)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"CHARGEBACK_TIMEZONE": "America/New_York", "CHARGEBACK_GROUPS_CLAIM": "cognito:groups"}
	cfg, err := httpapi.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Location.String() != "America/New_York" || cfg.GroupsClaim != "cognito:groups" || cfg.DepartmentClaim != "department" || cfg.Currency != "USD" {
		t.Errorf("got %+v", cfg)
	}
	env["CHARGEBACK_TIMEZONE"] = "Mars/Olympus"
	if _, err := httpapi.ConfigFromEnv(func(k string) string { return env[k] }); err == nil {
		t.Error("an unknown time zone was accepted")
	}
}
