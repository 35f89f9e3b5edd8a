package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/catalog"
	"chargeback/internal/errs"
)

// FuzzClaims reads any claims the authorizer could pass on, under the
// default claim names and under an identity provider's names with mapped
// groups. A caller is refused (401) or is exactly who the claims say: the
// subject as sent, and only the roles a listed group grants. Any
// authenticated caller may list the departments, so the handler answers
// that route 200 or 401, never anything else.
func FuzzClaims(f *testing.F) {
	mapped := Config{Location: time.UTC, GroupsClaim: "cognito:groups", DepartmentClaim: "custom:department",
		RoleGroups: map[string]string{"it-finance": RoleFinance, "it-service-desk": RoleFulfiller, RoleRequester: RoleRequester, RoleLeadership: RoleLeadership}}
	configs := []Config{{Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}, mapped}
	handlers := make([]*Handler, len(configs))
	for i, cfg := range configs {
		handlers[i] = New(cfg, catalog.Load(), nil, time.Now, slog.New(slog.NewTextHandler(io.Discard, nil))).Handler(FnCatalog)
	}
	f.Fuzz(func(t *testing.T, sub, email, groups, dept string) {
		checkParseList(t, groups)
		for i, cfg := range configs {
			claims := map[string]string{"sub": sub, "email": email, cfg.GroupsClaim: groups, cfg.DepartmentClaim: dept}
			ev := events.APIGatewayV2HTTPRequest{RouteKey: "GET /v1/departments"}
			ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
				JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
			}
			who, err := principalFrom(&ev, cfg)
			blank, tooLong := strings.TrimSpace(sub) == "", utf8.RuneCountInString(sub) > maxSubject || !utf8.ValidString(sub)
			switch {
			case err != nil && (errs.KindOf(err) != errs.Unauthorized || !(blank || tooLong)):
				t.Fatalf("sub %q: got %v, want a principal", sub, err)
			case err == nil && (blank || tooLong):
				t.Fatalf("sub %q: got the principal %+v, want a 401", sub, who)
			case err == nil && (who.Subject != sub || who.Department != dept):
				t.Fatalf("got %+v from claims %q", who, claims)
			case err == nil && !slices.Equal(who.Roles, grantedRoles(cfg, ParseList(groups))):
				t.Fatalf("groups %q: got roles %q, want %q", groups, who.Roles, grantedRoles(cfg, ParseList(groups)))
			}
			res, _ := handlers[i].Handle(context.Background(), ev)
			want := http.StatusOK
			if err != nil {
				want = http.StatusUnauthorized
			}
			if res.StatusCode != want {
				t.Fatalf("claims %q: got %d %s, want %d", claims, res.StatusCode, res.Body, want)
			}
		}
	})
}

// grantedRoles is, written out independently of rolesOf, the roles groups
// grant under cfg, in the order the groups first grant them.
func grantedRoles(cfg Config, groups []string) []string {
	var out []string
	for _, g := range groups {
		role := ""
		switch {
		case cfg.RoleGroups != nil:
			role = cfg.RoleGroups[g]
		case g == RoleRequester || g == RoleFulfiller || g == RoleFinance || g == RoleLeadership:
			role = g
		}
		if role != "" && !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	return out
}

// checkParseList checks the forms an array claim is read in: blank is no
// group, a value not in brackets is one group, and the flattened "[a b]"
// form splits on spaces alone.
func checkParseList(t *testing.T, s string) {
	t.Helper()
	list, trimmed := ParseList(s), strings.TrimSpace(s)
	var asJSON []string
	switch {
	case trimmed == "":
		if list != nil {
			t.Fatalf("ParseList(%q) = %q, want no groups", s, list)
		}
	case !strings.HasPrefix(trimmed, "[") || !strings.HasSuffix(trimmed, "]"):
		if !slices.Equal(list, []string{trimmed}) {
			t.Fatalf("ParseList(%q) = %q, want the one group %q", s, list, trimmed)
		}
	case json.Unmarshal([]byte(trimmed), &asJSON) == nil:
		if !slices.Equal(list, asJSON) {
			t.Fatalf("ParseList(%q) = %q, want the JSON array %q", s, list, asJSON)
		}
	default:
		for _, g := range list {
			if g == "" || strings.Contains(g, " ") {
				t.Fatalf("ParseList(%q) = %q: a flattened item is blank or holds a space", s, list)
			}
		}
	}
}
