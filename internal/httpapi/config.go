package httpapi

import (
	"fmt"
	"regexp"
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
	// JournalExpenseAccount is the general-ledger account code each
	// department's cost center is debited on in the journal.
	JournalExpenseAccount string
	// JournalRecoveryAccount is the general-ledger account code the IT
	// cost center is credited on in the journal.
	JournalRecoveryAccount string
	// RoleGroups maps an identity provider's group names to the roles they
	// grant. A role with no entry is granted by the group of its own name;
	// a role with entries only by those groups.
	RoleGroups map[string]string
	// FiscalYearStart is the month the fiscal year begins in; budgets are
	// set per fiscal year.
	FiscalYearStart time.Month
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
	claims, err := roles.ClaimsFromEnv(getenv)
	if err != nil {
		return Config{}, err
	}
	expense, err := account(get("CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT", "6400"))
	if err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT: %w", err)
	}
	recovery, err := account(get("CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT", "6490"))
	if err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT: %w", err)
	}
	fyStart, err := billing.ParseFiscalYearStart(getenv("CHARGEBACK_FISCAL_YEAR_START"))
	if err != nil {
		return Config{}, fmt.Errorf("CHARGEBACK_FISCAL_YEAR_START: %w", err)
	}
	return Config{
		Currency:               get("CHARGEBACK_CURRENCY", "USD"),
		Location:               loc,
		GroupsClaim:            claims.Groups,
		DepartmentClaim:        claims.Department,
		ITCostCenter:           get("CHARGEBACK_IT_COST_CENTER", "CC-IT-RECOVERY"),
		JournalExpenseAccount:  expense,
		JournalRecoveryAccount: recovery,
		RoleGroups:             claims.RoleGroups,
		FiscalYearStart:        fyStart,
	}, nil
}

// accountCode is what a general-ledger account code may be: short, and
// nothing a spreadsheet would run as a formula when the journal CSV opens.
var accountCode = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$`)

// account checks a journal account code setting.
func account(code string) (string, error) {
	if !accountCode.MatchString(code) {
		return "", fmt.Errorf("%q is not an account code: 1 to 40 letters, digits, spaces and . _ / -, starting with a letter or digit", code)
	}
	return code, nil
}

// ledger is where the journal posts, from the settings.
func (c Config) ledger() billing.Ledger {
	return billing.Ledger{ExpenseAccount: c.JournalExpenseAccount, RecoveryAccount: c.JournalRecoveryAccount, ITCostCenter: c.ITCostCenter}
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
