package billing

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/golden"
)

// readCSV parses a CSV body back into records.
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// radiologyMarch is Radiology's statement for March 2026 with a line of
// every kind, built by the package's own rules.
func radiologyMarch(t *testing.T) Statement {
	t.Helper()
	march := mustMonth(t, "2026-03")
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	// 3.25 h × 165.00 = 536.25; done after 6 h against a 4 h SLA, so the
	// 25% credit is −round2(536.25 × 25 / 100) = −round2(134.0625) = −134.06.
	hourly := Fulfilment{
		RequestID: "R100", Department: "radiology", ServiceID: "after-hours-support", ServiceName: "After-hours support",
		Pricing: catalog.Hourly, Unit: "hour", Quantity: d("3.25"), UnitPrice: d("165.00"),
		FulfilledAt: created.Add(6 * time.Hour), SLADueAt: SLADue(created, 4), CreditPercent: d("25"),
	}.Posting(time.UTC).Lines
	// 2 × 389.99 = 779.98, within its SLA.
	oneTime := Fulfilment{
		RequestID: "R102", Department: "radiology", ServiceID: "label-printer", ServiceName: "Label printer",
		Pricing: catalog.OneTime, Unit: "device", Quantity: d("2"), UnitPrice: d("389.99"),
		FulfilledAt: created.Add(48 * time.Hour), SLADueAt: SLADue(created, 120), CreditPercent: d("10"),
	}.Posting(time.UTC).Lines
	// Mar 20..31 = 12 days at 45.00: 3 × 45.00 × 12 / 31 = 52.258064… → 52.26.
	recurring, err := Subscription{
		RequestID: "R101", Department: "radiology", ServiceID: "pacs-seat", ServiceName: "PACS viewer seat", Unit: "user",
		Quantity: d("3"), Start: time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC), SLAMet: true, CreditPercent: d("10"),
	}.Lines(march, pacsPrices, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	adjustments := []Line{
		{ID: "ADJ-0001", Month: march, Department: "radiology", Kind: KindAdjustment,
			Description: "=SUM(A1:A9) correction for February", Amount: d("15.00")},
		{ID: "ADJ-0002", Month: march, Department: "radiology", Kind: KindAdjustment, RequestID: "R101", ServiceID: "pacs-seat",
			Description: `Refund for "PACS" seat, per ticket 4411`, Amount: d("-20.00")},
	}
	lines := append(append(append(hourly, oneTime...), recurring...), adjustments...)
	return NewStatement(march, "radiology", "Radiology", "CC-4100", lines)
}

func TestGoldenStatementCSV(t *testing.T) {
	s := radiologyMarch(t)
	body := s.CSV()
	golden.Assert(t, "testdata/statement.golden.csv", body)

	records := readCSV(t, body)
	const header = "month,department,cost_center,line_id,kind,request_id,service_id,service_name,description,quantity,unit,unit_price,days,amount"
	if got := strings.Join(records[0], ","); got != header {
		t.Errorf("header: got %s, want %s", got, header)
	}
	if got, want := len(records)-1, 6; got != want {
		t.Fatalf("rows: got %d, want %d", got, want)
	}
	// 536.25 − 134.06 + 779.98 + 52.26 + 15.00 − 20.00 = 1229.43
	total := decimal.Zero
	for _, r := range records[1:] {
		total = total.Add(d(r[len(r)-1]))
	}
	if want := d("1229.43"); !total.Equal(want) || !s.Total.Equal(want) {
		t.Errorf("total: got %s in the CSV and %s in the statement, want %s", total, s.Total, want)
	}
}

func TestGoldenJournalCSV(t *testing.T) {
	march := mustMonth(t, "2026-03")
	summaries := []Summary{
		radiologyMarch(t).Summary(), // CC-4100: 1229.43
		{Department: "pharmacy", DepartmentName: "Pharmacy", CostCenter: "CC-4200", Lines: 4, Total: d("1250.40")},
		{Department: "him", DepartmentName: "Health Information Management", CostCenter: "CC-4300", Lines: 2, Total: d("-75.25")},
		{Department: "laboratory", DepartmentName: "Laboratory", CostCenter: "CC-4200", Lines: 3, Total: d("310.05")},
	}
	body := JournalCSV(march, Journal(march, summaries, testLedger))
	golden.Assert(t, "testdata/journal.golden.csv", body)

	records := readCSV(t, body)
	if got, want := strings.Join(records[0], ","), "date,journal_id,cost_center,account,debit,credit,description"; got != want {
		t.Errorf("header: got %s, want %s", got, want)
	}
	// Rows: CC-4100 debit 1229.43; CC-4200 debit 1250.40 + 310.05 = 1560.45;
	// CC-4300 credit 75.25; CC-9100 credit 1229.43 + 1560.45 − 75.25 = 2714.63.
	// Debits 1229.43 + 1560.45 = 2789.88 = credits 75.25 + 2714.63.
	debits, credits := decimal.Zero, decimal.Zero
	for _, r := range records[1:] {
		if (r[4] == "") == (r[5] == "") {
			t.Errorf("%s: got debit %q and credit %q, want exactly one", r[2], r[4], r[5])
			continue
		}
		if r[4] != "" {
			debits = debits.Add(d(r[4]))
		} else {
			credits = credits.Add(d(r[5]))
		}
	}
	if want := d("2789.88"); !debits.Equal(want) || !credits.Equal(want) {
		t.Errorf("got debits %s and credits %s, want both %s", debits, credits, want)
	}
}
