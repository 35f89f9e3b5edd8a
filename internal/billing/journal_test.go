package billing

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testLedger is the journal's accounts in tests: the template's default
// account codes and a recovery cost center of the test's own.
var testLedger = Ledger{ExpenseAccount: "6400", RecoveryAccount: "6490", ITCostCenter: "CC-9100"}

// TestJournalPostsOnTheLedgersAccounts: department rows carry the expense
// account, the last row the recovery account and the IT cost center, and
// the rows balance whatever the accounts are called.
func TestJournalPostsOnTheLedgersAccounts(t *testing.T) {
	march := mustMonth(t, "2026-03")
	summaries := []Summary{
		{Department: "radiology", DepartmentName: "Radiology", CostCenter: "CC-4100", Total: d("100.00")},
		{Department: "him", DepartmentName: "Health Information Management", CostCenter: "CC-4300", Total: d("-30.00")},
	}
	tests := []struct {
		name   string
		ledger Ledger
		want   [][]string // the CSV rows after the header
	}{
		{"the default codes", testLedger, [][]string{
			{"2026-03-31", "CB-2026-03", "CC-4100", "6400", "100.00", "", "IT chargeback 2026-03 Radiology"},
			{"2026-03-31", "CB-2026-03", "CC-4300", "6400", "", "30.00", "IT chargeback 2026-03 Health Information Management"},
			{"2026-03-31", "CB-2026-03", "CC-9100", "6490", "", "70.00", "IT chargeback 2026-03 recovery"},
		}},
		{"codes of another ledger", Ledger{ExpenseAccount: "7200-10", RecoveryAccount: "7299-10", ITCostCenter: "IT-000"}, [][]string{
			{"2026-03-31", "CB-2026-03", "CC-4100", "7200-10", "100.00", "", "IT chargeback 2026-03 Radiology"},
			{"2026-03-31", "CB-2026-03", "CC-4300", "7200-10", "", "30.00", "IT chargeback 2026-03 Health Information Management"},
			{"2026-03-31", "CB-2026-03", "IT-000", "7299-10", "", "70.00", "IT chargeback 2026-03 recovery"},
		}},
		{"one account both sides, told apart by cost center", Ledger{ExpenseAccount: "6400", RecoveryAccount: "6400", ITCostCenter: "CC-9100"}, [][]string{
			{"2026-03-31", "CB-2026-03", "CC-4100", "6400", "100.00", "", "IT chargeback 2026-03 Radiology"},
			{"2026-03-31", "CB-2026-03", "CC-4300", "6400", "", "30.00", "IT chargeback 2026-03 Health Information Management"},
			{"2026-03-31", "CB-2026-03", "CC-9100", "6400", "", "70.00", "IT chargeback 2026-03 recovery"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := Journal(march, summaries, tt.ledger)
			got := readCSV(t, JournalCSV(march, rows))
			if diff := cmp.Diff(JournalHeader, got[0]); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got[1:]); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			// Debits 100.00 = credits 30.00 + 70.00: balanced, though the
			// month's total is 70.00.
			debits, credits := d("0"), d("0")
			for _, r := range rows {
				debits, credits = debits.Add(r.Debit), credits.Add(r.Credit)
			}
			if !debits.Equal(d("100")) || !credits.Equal(d("100")) {
				t.Errorf("got debits %s and credits %s, want both 100.00", debits, credits)
			}
		})
	}
}
