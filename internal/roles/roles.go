// Package roles names the four roles a caller can hold and reads the
// setting that says which identity-provider groups grant them
// (CHARGEBACK_ROLE_GROUPS). The API grants roles by it; the web function
// hands the same map to the portal, so the two never disagree.
package roles

import (
	"fmt"
	"slices"
	"strings"
)

// The roles a caller can hold.
const (
	Requester  = "requester"
	Fulfiller  = "fulfiller"
	Finance    = "finance"
	Leadership = "leadership"
)

// All lists every role.
var All = []string{Requester, Fulfiller, Finance, Leadership}

// ParseGroups reads "role=group,role=group" (a role may repeat) into a
// map from group to role, with every role granted by the group of its own
// name unless the setting names groups for it. The empty setting maps each
// role's name to itself.
func ParseGroups(s string) (map[string]string, error) {
	named := map[string]string{}
	mapped := map[string]bool{}
	for pair := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		role, group, ok := strings.Cut(pair, "=")
		role, group = strings.TrimSpace(role), strings.TrimSpace(group)
		switch {
		case !ok || group == "":
			return nil, fmt.Errorf("%q is not role=group", pair)
		case !slices.Contains(All, role):
			return nil, fmt.Errorf("%q is not a role (%s)", role, strings.Join(All, ", "))
		case named[group] != "" && named[group] != role:
			return nil, fmt.Errorf("group %q grants both %s and %s", group, named[group], role)
		}
		named[group] = role
		mapped[role] = true
	}
	for _, role := range All {
		if !mapped[role] {
			if other, taken := named[role]; taken {
				return nil, fmt.Errorf("group %q grants %s, so it cannot also grant %s", role, other, role)
			}
			named[role] = role
		}
	}
	return named, nil
}
