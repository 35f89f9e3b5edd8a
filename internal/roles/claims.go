package roles

import (
	"fmt"
	"strings"
)

// Claims says how a token describes its caller: the claim that lists the
// caller's groups, the claim that names a requester's department, and
// which group grants which role. The API and the portal read it from the
// same settings with the same defaults, so they never disagree.
type Claims struct {
	Groups     string            `json:"groups"`
	Department string            `json:"department"`
	RoleGroups map[string]string `json:"role_groups"`
}

// ClaimsFromEnv reads CHARGEBACK_GROUPS_CLAIM (default "groups"),
// CHARGEBACK_DEPARTMENT_CLAIM (default "department") and
// CHARGEBACK_ROLE_GROUPS (ParseGroups) with getenv. Spaces around a claim
// name are not part of it.
func ClaimsFromEnv(getenv func(string) string) (Claims, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	groups, err := ParseGroups(getenv("CHARGEBACK_ROLE_GROUPS"))
	if err != nil {
		return Claims{}, fmt.Errorf("CHARGEBACK_ROLE_GROUPS: %w", err)
	}
	return Claims{
		Groups:     get("CHARGEBACK_GROUPS_CLAIM", "groups"),
		Department: get("CHARGEBACK_DEPARTMENT_CLAIM", "department"),
		RoleGroups: groups,
	}, nil
}
