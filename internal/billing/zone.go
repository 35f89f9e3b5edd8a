package billing

import (
	"fmt"
	"time"
	// The org's time zone must load on Lambda, which has no zoneinfo files.
	_ "time/tzdata"
)

// LocationFromEnv reads the org's time zone, in which months and days are
// counted, from CHARGEBACK_TIMEZONE with getenv (os.Getenv in main); the
// default is UTC.
func LocationFromEnv(getenv func(string) string) (*time.Location, error) {
	name := getenv("CHARGEBACK_TIMEZONE")
	if name == "" {
		name = "UTC"
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("CHARGEBACK_TIMEZONE: %w", err)
	}
	return loc, nil
}
