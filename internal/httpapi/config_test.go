package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"chargeback/internal/httpapi"
)

func TestJournalAccountSettings(t *testing.T) {
	tests := []struct {
		name          string
		expense       string // CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT, "" for unset
		recovery      string // CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT, "" for unset
		wantExpense   string
		wantRecovery  string
		wantErrNaming string // the setting a refusal names, "" when accepted
	}{
		{"unset: the template's defaults", "", "", "6400", "6490", ""},
		{"both set", "7200", "7299", "7200", "7299", ""},
		{"segmented codes", "1000.6400-10", "1000/6490 IT", "1000.6400-10", "1000/6490 IT", ""},
		{"one account both sides", "6400", "6400", "6400", "6400", ""},
		{"forty characters", strings.Repeat("7", 40), "", strings.Repeat("7", 40), "6490", ""},
		{"forty-one characters", strings.Repeat("7", 41), "", "", "", "CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT"},
		{"a formula", "=HYPERLINK(\"x\")", "", "", "", "CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT"},
		{"a leading minus", "", "-6490", "", "", "CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT"},
		{"a leading space", " 6400", "", "", "", "CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT"},
		{"a comma", "", "64,90", "", "", "CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT"},
		{"a newline", "6400\n", "", "", "", "CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT"},
		{"words with a quote", "", `IT "recovery"`, "", "", "CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"CHARGEBACK_JOURNAL_EXPENSE_ACCOUNT": tt.expense, "CHARGEBACK_JOURNAL_RECOVERY_ACCOUNT": tt.recovery}
			cfg, err := httpapi.ConfigFromEnv(func(k string) string { return env[k] })
			if tt.wantErrNaming != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErrNaming+":") {
					t.Errorf("got %v, want an error naming %s", err, tt.wantErrNaming)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.JournalExpenseAccount != tt.wantExpense || cfg.JournalRecoveryAccount != tt.wantRecovery {
				t.Errorf("got expense %q, recovery %q; want %q, %q", cfg.JournalExpenseAccount, cfg.JournalRecoveryAccount, tt.wantExpense, tt.wantRecovery)
			}
		})
	}
}

func TestFiscalYearStartSetting(t *testing.T) {
	tests := []struct {
		name, value string
		want        time.Month
		wantErr     bool
	}{
		{"unset: January", "", time.January, false},
		{"July", "7", time.July, false},
		{"December", "12", time.December, false},
		{"zero", "0", 0, true},
		{"thirteen", "13", 0, true},
		{"a name", "July", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := httpapi.ConfigFromEnv(func(k string) string {
				if k == "CHARGEBACK_FISCAL_YEAR_START" {
					return tt.value
				}
				return ""
			})
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "CHARGEBACK_FISCAL_YEAR_START") {
					t.Errorf("got %v, want an error naming CHARGEBACK_FISCAL_YEAR_START", err)
				}
				return
			}
			if err != nil || cfg.FiscalYearStart != tt.want {
				t.Errorf("got %v, %v; want %v", cfg.FiscalYearStart, err, tt.want)
			}
		})
	}
}
