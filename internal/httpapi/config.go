package httpapi

import (
	"fmt"
	"slices"
	"time"

	"chargeback/internal/billing"
	"chargeback/internal/roles"
)

// Config is what the API reads from the environment, once, at start.
type Config struct {
	// Currency is the ISO code money is shown in.
	Currency string
	// Location is the org's time zone: months and days are counted in it.
	Location *time.Location
	// GroupsClaim is the JWT claim that lists the caller's groups.
	GroupsClaim string
	// DepartmentClaim is the JWT claim that names a requester's department.
	DepartmentClaim string
	// ITCostCenter is the cost center the journal credits.
	ITCostCenter string
	// RoleGroups maps an identity provider's group names to the roles they
	// grant. A role with no entry is granted by the group of its own name;
	// a role with entries only by those groups.
	RoleGroups map[string]string
}

// ConfigFromEnv reads the configuration with getenv (os.Getenv in main),
// applying the documented defaults.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	get := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	loc, err := billing.LocationFromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	groups, err := roles.ParseGroups(getenv("CHARGEBACK_ROLE_GROUPS"))
	if err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_ROLE_GROUPS: %w", err)
	}
	return Config{
		Currency:        get("CHARGEBACK_CURRENCY", "USD"),
		Location:        loc,
		GroupsClaim:     get("CHARGEBACK_GROUPS_CLAIM", "groups"),
		DepartmentClaim: get("CHARGEBACK_DEPARTMENT_CLAIM", "department"),
		ITCostCenter:    get("CHARGEBACK_IT_COST_CENTER", "CC-IT-RECOVERY"),
		RoleGroups:      groups,
	}, nil
}

// rolesOf is the roles groups grant: only a group that is exactly a role's
// name (or a group the mapping names) grants it.
func (c Config) rolesOf(groups []string) []string {
	var out []string
	for _, g := range groups {
		role, ok := c.RoleGroups[g]
		if c.RoleGroups == nil && slices.Contains(roles.All, g) {
			role, ok = g, true
		}
		if ok && !slices.Contains(out, role) {
			out = append(out, role)
		}
	}
	return out
}
