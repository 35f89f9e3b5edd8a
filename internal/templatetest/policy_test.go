package templatetest

import (
	"fmt"
	"strings"
	"testing"
)

// Least privilege: the catalog and web functions have no table access,
// reports only read, and no function may delete or scan.
func TestFunctionPoliciesAreLeastPrivilege(t *testing.T) {
	res := get(readYAML(t, "template.yaml"), "Resources").(map[string]any)
	actions := func(id string) string {
		return fmt.Sprint(get(res[id], "Properties", "Policies"))
	}
	for _, id := range []string{"CatalogFunction", "WebFunction", "ExportsFunction"} {
		if res[id] == nil {
			t.Errorf("template.yaml has no %s", id)
		}
		for _, key := range []string{"Policies", "Role", "Connectors"} {
			if p := get(res[id], "Properties", key); p != nil {
				t.Errorf("%s has %s: %v", id, key, p)
			}
		}
	}
	for _, id := range []string{"RequestsFunction", "StatementsFunction", "ReportsFunction", "MonthCloseFunction", "SlaWatchFunction"} {
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
	for id, want := range map[string]bool{"RequestsFunction": false, "StatementsFunction": true, "MonthCloseFunction": true, "ReportsFunction": false, "SlaWatchFunction": false} {
		if got := strings.Contains(actions(id), "dynamodb:BatchWriteItem"); got != want {
			t.Errorf("%s may batch-write: got %v, want %v", id, got, want)
		}
	}
}

// The portal signs people in at the issuer the JWT authorizer trusts, with
// a client whose tokens the authorizer accepts unless another is named.
func TestTemplatePortalSignsInWhereTheAuthorizerTrusts(t *testing.T) {
	doc := readYAML(t, "template.yaml")
	jwt := get(doc, "Resources", "Api", "Properties", "Auth", "Authorizers", "JwtAuthorizer", "JwtConfiguration")
	env := get(doc, "Resources", "WebFunction", "Properties", "Environment", "Variables")
	checks := []struct{ name, got, want string }{
		{"issuer", fmt.Sprint(get(env, "CHARGEBACK_OIDC_ISSUER")), fmt.Sprint(get(jwt, "issuer"))},
		{"client id", fmt.Sprint(get(env, "CHARGEBACK_OIDC_CLIENT_ID")), fmt.Sprint([]any{"HasPortalClientId", "!Ref PortalClientId", get(jwt, "audience").([]any)[0]})},
		{"redirect URL", fmt.Sprint(get(env, "CHARGEBACK_OIDC_REDIRECT_URL")), "!Ref PortalRedirectUrl"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, c.got, c.want)
		}
	}
	// The portal sends its ID token: the authorizer accepts its client.
	if aud := fmt.Sprint(get(jwt, "audience")); !strings.Contains(aud, fmt.Sprint(get(env, "CHARGEBACK_OIDC_CLIENT_ID"))) {
		t.Errorf("the authorizer's audience %s does not accept the portal's client %v", aud, get(env, "CHARGEBACK_OIDC_CLIENT_ID"))
	}
}
