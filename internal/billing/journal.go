package billing

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Ledger is where the journal posts, in the general ledger's own codes:
// each department's cost center is debited on ExpenseAccount, and the IT
// cost center is credited on RecoveryAccount with what IT recovers. All
// three are settings.
type Ledger struct {
	ExpenseAccount  string
	RecoveryAccount string
	ITCostCenter    string
}

// JournalHeader is the header row of the general-ledger journal CSV.
var JournalHeader = []string{"date", "journal_id", "cost_center", "account", "debit", "credit", "description"}

// JournalRow is one row of the general-ledger journal: a debit or a
// credit (the other is zero) to a cost center.
type JournalRow struct {
	CostCenter  string
	Account     string
	Debit       decimal.Decimal
	Credit      decimal.Decimal
	Description string
}

// Journal is a closed month's general-ledger journal in ledger's accounts:
// one row per department cost center on the expense account (a debit of
// its total, or a credit when the total is negative), in cost center
// order, then one row on the recovery account crediting the IT cost center
// with the month's total (a debit when negative). Debits equal credits to
// the cent; they equal the month's total only when no department is in
// credit.
func Journal(m Month, statements []Summary, ledger Ledger) []JournalRow {
	byCenter := map[string][]Summary{}
	for _, s := range statements {
		byCenter[s.CostCenter] = append(byCenter[s.CostCenter], s)
	}
	centers := make([]string, 0, len(byCenter))
	for c := range byCenter {
		centers = append(centers, c)
	}
	slices.Sort(centers)
	rows := make([]JournalRow, 0, len(centers)+1)
	total := decimal.Zero
	for _, c := range centers {
		amount, names := decimal.Zero, []string{}
		for _, s := range byCenter[c] {
			amount, names = amount.Add(s.Total), append(names, s.DepartmentName)
		}
		slices.Sort(names)
		total = total.Add(amount)
		rows = append(rows, entry(c, ledger.ExpenseAccount, amount, "IT chargeback "+m.String()+" "+strings.Join(names, ", ")))
	}
	return append(rows, entry(ledger.ITCostCenter, ledger.RecoveryAccount, total.Neg(), "IT chargeback "+m.String()+" recovery"))
}

// entry is a row debiting amount, or crediting it when negative.
func entry(costCenter, account string, amount decimal.Decimal, description string) JournalRow {
	r := JournalRow{CostCenter: costCenter, Account: account, Description: description}
	if amount.Sign() < 0 {
		r.Credit = amount.Neg()
	} else {
		r.Debit = amount
	}
	return r
}

// JournalID is the month's stable journal id, "CB-YYYY-MM".
func JournalID(m Month) string { return "CB-" + m.String() }

// JournalCSV is the journal as CSV, dated the month's last day; the side
// of a row that does not apply is an empty cell.
func JournalCSV(m Month, rows []JournalRow) []byte {
	out := make([][]string, 0, len(rows))
	for _, r := range rows {
		debit, credit := r.Debit.StringFixed(2), ""
		if r.Credit.Sign() != 0 {
			debit, credit = "", r.Credit.StringFixed(2)
		}
		out = append(out, []string{m.LastDay(), JournalID(m), r.CostCenter, r.Account, debit, credit, SafeCell(r.Description)})
	}
	return WriteCSV(JournalHeader, out)
}
