package httpapi

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"

	"chargeback/internal/errs"
	"chargeback/internal/roles"
)

// The roles a caller can hold (named in package roles).
const (
	RoleRequester  = roles.Requester
	RoleFulfiller  = roles.Fulfiller
	RoleFinance    = roles.Finance
	RoleLeadership = roles.Leadership
)

// maxSubject is the longest sub claim accepted, in characters: it is stored
// on requests and logged.
const maxSubject = 256

// Principal is the authenticated caller, read from the JWT claims that API
// Gateway's authorizer (or the local server) verified.
type Principal struct {
	Subject    string
	Roles      []string
	Department string
}

// Has reports whether the principal holds role.
func (p Principal) Has(role string) bool { return slices.Contains(p.Roles, role) }

// HasAny reports whether the principal holds at least one of roles.
func (p Principal) HasAny(want []string) bool {
	return slices.ContainsFunc(want, p.Has)
}

// principalFrom reads the caller from the request context: the zero
// Principal when the request carries no claims, an error when the subject
// is blank or too long to store.
func principalFrom(ev *events.APIGatewayV2HTTPRequest, cfg Config) (Principal, error) {
	a := ev.RequestContext.Authorizer
	if a == nil || a.JWT == nil || a.JWT.Claims == nil {
		return Principal{}, nil
	}
	c := a.JWT.Claims
	sub := c["sub"]
	switch {
	case strings.TrimSpace(sub) == "":
		return Principal{}, errs.New(errs.Unauthorized, "the token has no subject")
	case utf8.RuneCountInString(sub) > maxSubject || !utf8.ValidString(sub):
		return Principal{}, errs.New(errs.Unauthorized, "the token's subject is longer than %d characters", maxSubject)
	}
	return Principal{Subject: sub, Roles: cfg.rolesOf(ParseList(c[cfg.GroupsClaim])), Department: c[cfg.DepartmentClaim]}, nil
}

// ParseList reads an array claim in either form it arrives in. API Gateway
// flattens an array to "[a b]", its items joined by single spaces; some
// issuers send a JSON array string (`["a","b"]`); any other value is a
// one-item list. Commas never separate items: "[x,fulfiller]" is the one
// group "x,fulfiller". (An item holding a space cannot be told apart in the
// flattened form; the local gateway passes such arrays as JSON.)
func ParseList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var list []string
	if strings.HasPrefix(s, "[") && json.Unmarshal([]byte(s), &list) == nil {
		return list
	}
	inner, bracketed := strings.CutPrefix(s, "[")
	inner, closed := strings.CutSuffix(inner, "]")
	if !bracketed || !closed {
		return []string{s}
	}
	list = []string{}
	for _, item := range strings.Split(inner, " ") {
		if item != "" {
			list = append(list, item)
		}
	}
	return list
}
