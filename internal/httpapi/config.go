package httpapi

import (
	"fmt"
	"time"
	// The org's time zone must load on Lambda, which has no zoneinfo files.
	_ "time/tzdata"
)

// Config is what the API reads from the environment, once, at start.
type Config struct {
	// Currency is the ISO code money is shown in.
	Currency string
	// Location is the org's time zone: months and days are counted in it.
	Location *time.Location
	// GroupsClaim is the JWT claim that lists the caller's roles.
	GroupsClaim string
	// DepartmentClaim is the JWT claim that names a requester's department.
	DepartmentClaim string
	// ITCostCenter is the cost center the journal credits.
	ITCostCenter string
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
	loc, err := time.LoadLocation(get("CHARGEBACK_TIMEZONE", "UTC"))
	if err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_TIMEZONE: %w", err)
	}
	return Config{
		Currency:        get("CHARGEBACK_CURRENCY", "USD"),
		Location:        loc,
		GroupsClaim:     get("CHARGEBACK_GROUPS_CLAIM", "groups"),
		DepartmentClaim: get("CHARGEBACK_DEPARTMENT_CLAIM", "department"),
		ITCostCenter:    get("CHARGEBACK_IT_COST_CENTER", "CC-IT-RECOVERY"),
	}, nil
}
