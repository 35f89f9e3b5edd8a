package httpapi

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// The roles a caller can hold.
const (
	RoleRequester  = "requester"
	RoleFulfiller  = "fulfiller"
	RoleFinance    = "finance"
	RoleLeadership = "leadership"
)

// Principal is the authenticated caller, read from the JWT claims that API
// Gateway's authorizer (or the local server) verified.
type Principal struct {
	Subject    string
	Email      string
	Roles      []string
	Department string
}

// Has reports whether the principal holds role.
func (p Principal) Has(role string) bool { return slices.Contains(p.Roles, role) }

// HasAny reports whether the principal holds at least one of roles.
func (p Principal) HasAny(roles []string) bool {
	return slices.ContainsFunc(roles, p.Has)
}

// principalFrom reads the caller from the request context. It returns false
// when the request carries no claims or no subject.
func principalFrom(ev *events.APIGatewayV2HTTPRequest, cfg Config) (Principal, bool) {
	a := ev.RequestContext.Authorizer
	if a == nil || a.JWT == nil || a.JWT.Claims["sub"] == "" {
		return Principal{}, false
	}
	c := a.JWT.Claims
	return Principal{
		Subject:    c["sub"],
		Email:      c["email"],
		Roles:      ParseList(c[cfg.GroupsClaim]),
		Department: c[cfg.DepartmentClaim],
	}, true
}

// ParseList reads an array claim in either form it arrives in: API Gateway
// flattens arrays to "[a b]"; some issuers send a JSON array string
// (`["a","b"]`); a single value is a one-item list.
func ParseList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var list []string
	if strings.HasPrefix(s, "[") && json.Unmarshal([]byte(s), &list) == nil {
		return list
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
}
