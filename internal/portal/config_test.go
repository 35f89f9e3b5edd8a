package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
	"chargeback/internal/portal"
)

func TestConfigJSON(t *testing.T) {
	cognito := map[string]string{
		"CHARGEBACK_OIDC_ISSUER":       "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Abc123",
		"CHARGEBACK_OIDC_CLIENT_ID":    "portal-client",
		"CHARGEBACK_OIDC_REDIRECT_URL": "https://it.hospital.example/",
		"CHARGEBACK_GROUPS_CLAIM":      "cognito:groups",
		"CHARGEBACK_DEPARTMENT_CLAIM":  "custom:department",
		"CHARGEBACK_ROLE_GROUPS":       "finance=it-finance,fulfiller=service-desk",
		"CHARGEBACK_TIMEZONE":          "Europe/London",
		"CHARGEBACK_CURRENCY":          "GBP",
		"CHARGEBACK_FISCAL_YEAR_START": "4",
	}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"local, with the defaults", nil, `{
			"auth": {"mode": "local", "signin_url": "/_local/signin"},
			"claims": {"groups": "groups", "department": "department",
				"role_groups": {"requester": "requester", "fulfiller": "fulfiller", "finance": "finance", "leadership": "leadership"}},
			"currency": "USD", "time_zone": "UTC", "fiscal_year_start": 1}`},
		{"oidc, as a Cognito deployment sets it", cognito, `{
			"auth": {"mode": "oidc", "authority": "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Abc123",
				"client_id": "portal-client", "redirect_uri": "https://it.hospital.example/", "scope": "openid profile email"},
			"claims": {"groups": "cognito:groups", "department": "custom:department",
				"role_groups": {"requester": "requester", "service-desk": "fulfiller", "it-finance": "finance", "leadership": "leadership"}},
			"currency": "GBP", "time_zone": "Europe/London", "fiscal_year_start": 4}`},
		{"oidc without a redirect URL returns to the portal's own address", map[string]string{
			"CHARGEBACK_OIDC_ISSUER": "https://login.microsoftonline.com/0000-tenant/v2.0", "CHARGEBACK_OIDC_CLIENT_ID": "app-id",
			"CHARGEBACK_OIDC_SCOPE": "openid profile email api://app-id/access_as_user",
		}, `{
			"auth": {"mode": "oidc", "authority": "https://login.microsoftonline.com/0000-tenant/v2.0",
				"client_id": "app-id", "redirect_uri": "https://portal.example.org/", "scope": "openid profile email api://app-id/access_as_user"},
			"claims": {"groups": "groups", "department": "department",
				"role_groups": {"requester": "requester", "fulfiller": "fulfiller", "finance": "finance", "leadership": "leadership"}},
			"currency": "USD", "time_zone": "UTC", "fiscal_year_start": 1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, newHandler(t, tt.env), "GET", "/config.json", nil)
			var got, want any
			if err := json.Unmarshal([]byte(body(t, res)), &got); err != nil {
				t.Fatalf("config.json is not JSON: %v", err)
			}
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("config.json (-want +got):\n%s", diff)
			}
		})
	}
}

// The portal names fiscal years by the month the API begins them in.
func TestConfigFiscalYearStartIsTheAPIs(t *testing.T) {
	for _, v := range []string{"", "1", "7", "12", "0", "13", "07", "x", "-1"} {
		getenv := func(k string) string {
			if k == "CHARGEBACK_FISCAL_YEAR_START" {
				return v
			}
			return ""
		}
		api, apiErr := httpapi.ConfigFromEnv(getenv)
		web, webErr := portal.ConfigFromEnv(getenv)
		if (apiErr == nil) != (webErr == nil) {
			t.Errorf("CHARGEBACK_FISCAL_YEAR_START=%q: the API says %v, the portal %v", v, apiErr, webErr)
			continue
		}
		if apiErr != nil {
			continue
		}
		if got, want := web.FiscalYearStart, int(api.FiscalYearStart); got != want {
			t.Errorf("CHARGEBACK_FISCAL_YEAR_START=%q: got %d in the portal, %d in the API", v, got, want)
		}
	}
}

// The portal grants roles from the same map the API does.
func TestConfigRoleGroupsAreTheAPIs(t *testing.T) {
	env := map[string]string{"CHARGEBACK_ROLE_GROUPS": "leadership=cio-office,fulfiller=service-desk,fulfiller=field-it"}
	getenv := func(k string) string { return env[k] }
	api, err := httpapi.ConfigFromEnv(getenv)
	if err != nil {
		t.Fatal(err)
	}
	web, err := portal.ConfigFromEnv(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(api.RoleGroups, web.Claims.RoleGroups); diff != "" {
		t.Errorf("role groups (-api +portal):\n%s", diff)
	}
}

func TestConfigFromEnvRefuses(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"a role that is not one", map[string]string{"CHARGEBACK_ROLE_GROUPS": "admin=it-admins"}, "CHARGEBACK_ROLE_GROUPS"},
		{"an unknown time zone", map[string]string{"CHARGEBACK_TIMEZONE": "Mars/Olympus"}, "CHARGEBACK_TIMEZONE"},
		{"a fiscal year starting in no month", map[string]string{"CHARGEBACK_FISCAL_YEAR_START": "13"}, "CHARGEBACK_FISCAL_YEAR_START"},
		{"a client without an issuer", map[string]string{"CHARGEBACK_OIDC_CLIENT_ID": "x"}, "CHARGEBACK_OIDC_ISSUER"},
		{"an issuer over http", map[string]string{"CHARGEBACK_OIDC_CLIENT_ID": "x", "CHARGEBACK_OIDC_ISSUER": "http://idp.example"}, "CHARGEBACK_OIDC_ISSUER"},
		{"a relative redirect", map[string]string{"CHARGEBACK_OIDC_CLIENT_ID": "x", "CHARGEBACK_OIDC_ISSUER": "https://idp.example", "CHARGEBACK_OIDC_REDIRECT_URL": "/back"}, "CHARGEBACK_OIDC_REDIRECT_URL"},
		{"endpoints that are not a URL", map[string]string{"CHARGEBACK_OIDC_CLIENT_ID": "x", "CHARGEBACK_OIDC_ISSUER": "https://idp.example", "CHARGEBACK_OIDC_ENDPOINTS_ORIGIN": "idp.example"}, "CHARGEBACK_OIDC_ENDPOINTS_ORIGIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := portal.ConfigFromEnv(func(k string) string { return tt.env[k] })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error naming %s", err, tt.want)
			}
		})
	}
}

// An unknown API path that reaches the web function answers what the API
// answers for a path it has no route for: the same problem document, with
// the same members of the same types and the same headers.
func TestUnknownAPIPathIsTheAPIsProblem(t *testing.T) {
	cfg := httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}
	api := httpapi.New(cfg, catalog.Load(), nil, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	apiRes, _ := api.Handler("").Handle(context.Background(), events.APIGatewayV2HTTPRequest{RouteKey: "GET /v1/nope", RawPath: "/v1/nope"})
	webRes := get(t, newHandler(t, nil), "GET", "/v1/nope", nil)

	shape := func(res events.APIGatewayV2HTTPResponse) map[string]string {
		var doc map[string]any
		if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
			t.Fatalf("not JSON: %q", res.Body)
		}
		out := map[string]string{"(status)": strings.TrimSpace(string(mustMarshal(t, res.StatusCode)))}
		for _, h := range []string{"Content-Type", "Cache-Control", "X-Content-Type-Options"} {
			out["(header) "+h] = res.Headers[h]
		}
		for k, v := range doc {
			switch v := v.(type) {
			case string:
				out[k] = "string"
				if k != "detail" {
					out[k] = v
				}
			default:
				out[k] = strings.TrimSpace(string(mustMarshal(t, v)))
			}
		}
		return out
	}
	if diff := cmp.Diff(shape(apiRes), shape(webRes)); diff != "" {
		t.Errorf("the unknown API path's answer (-api +web):\n%s", diff)
	}
	if !strings.HasPrefix(webRes.Body, `{"code":"not_found","detail":`) {
		t.Errorf("members out of the API's order: %s", webRes.Body)
	}
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
