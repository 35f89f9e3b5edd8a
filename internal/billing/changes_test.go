package billing

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// The lines the decomposition tests build statements from; ids only need
// to be unique within a statement.

func chargeLine(id, service, quantity, price string) Line {
	q, p := d(quantity), d(price)
	return Line{ID: id, Kind: KindCharge, ServiceID: service, ServiceName: "Service " + service,
		Quantity: q, UnitPrice: p, Amount: Round2(q.Mul(p))}
}

func recurringLine(m Month, id, service, quantity, price string, days int) Line {
	q, p := d(quantity), d(price)
	amount := q.Mul(p).Mul(decimal.NewFromInt(int64(days))).Div(decimal.NewFromInt(int64(m.Days())))
	return Line{ID: id, Kind: KindRecurring, ServiceID: service, ServiceName: "Service " + service,
		Quantity: q, UnitPrice: p, Days: days, Amount: Round2(amount)}
}

func creditLine(id, service, amount string) Line {
	return Line{ID: id, Kind: KindSLACredit, ServiceID: service, Amount: d(amount)}
}

func adjustmentLine(id, service, amount string) Line {
	return Line{ID: id, Kind: KindAdjustment, ServiceID: service, Amount: d(amount)}
}

// changeRow is a ServiceChange written as strings, the way a test states it.
type changeRow struct {
	service, previous, amount, difference, rate, volume, newly, ended string
}

func rowOf(c ServiceChange) changeRow {
	return changeRow{c.ServiceID, c.PreviousAmount.StringFixed(2), c.Amount.StringFixed(2), c.Difference.StringFixed(2),
		c.Rate.StringFixed(2), c.Volume.StringFixed(2), c.New.StringFixed(2), c.Ended.StringFixed(2)}
}

func bucketOf(b Bucket) [3]string {
	return [3]string{b.Previous.StringFixed(2), b.Current.StringFixed(2), b.Difference.StringFixed(2)}
}

func TestNewChanges(t *testing.T) {
	feb, mar := mustMonth(t, "2026-02"), mustMonth(t, "2026-03") // 28 and 31 days
	cases := []struct {
		name        string
		before, now []Line
		items       []changeRow
		credits     [3]string
		adjustments [3]string
	}{
		{
			name:   "price up, same units",
			before: []Line{chargeLine("a", "scanner", "2", "100.00")}, // 200.00
			now:    []Line{chargeLine("a", "scanner", "2", "110.00")}, // 220.00
			// rate = round2(220.00 − 200.00 × 2 / 2) = 20.00
			items: []changeRow{{"scanner", "200.00", "220.00", "20.00", "20.00", "0.00", "0.00", "0.00"}},
		},
		{
			name:   "more units, same price",
			before: []Line{chargeLine("a", "scanner", "2", "100.00")},
			now:    []Line{chargeLine("a", "scanner", "1", "100.00"), chargeLine("b", "scanner", "2", "100.00")},
			// rate = round2(300.00 − 200.00 × 3 / 2) = 0.00; volume 100.00
			items: []changeRow{{"scanner", "200.00", "300.00", "100.00", "0.00", "100.00", "0.00", "0.00"}},
		},
		{
			name:   "price and units both move",
			before: []Line{chargeLine("a", "scanner", "2", "100.00")}, // 200.00
			now:    []Line{chargeLine("a", "scanner", "3", "110.00")}, // 330.00
			// rate = round2(330.00 − 200.00 × 3 / 2) = 30.00; volume 130.00 − 30.00
			items: []changeRow{{"scanner", "200.00", "330.00", "130.00", "30.00", "100.00", "0.00", "0.00"}},
		},
		{
			name:   "a subscription ends part way through the month",
			before: []Line{recurringLine(feb, "a", "pacs", "3", "45.00", 28)}, // 135.00, 3 units
			now:    []Line{recurringLine(mar, "a", "pacs", "3", "45.00", 12)}, // 3 × 45 × 12/31 = 52.258… → 52.26
			// units 3 × 12/31 = 36/31; rate = round2(52.26 − 135.00 × (36/31) / 3)
			// = round2(52.26 − 52.2580645…) = round2(0.0019…) = 0.00; volume −82.74
			items: []changeRow{{"pacs", "135.00", "52.26", "-82.74", "0.00", "-82.74", "0.00", "0.00"}},
		},
		{
			name:   "a price rise in a partial month",
			before: []Line{recurringLine(feb, "a", "pacs", "3", "45.00", 28)}, // 135.00
			now:    []Line{recurringLine(mar, "a", "pacs", "3", "50.00", 12)}, // 3 × 50 × 12/31 = 58.064… → 58.06
			// rate = round2(58.06 − 52.2580645…) = round2(5.8019…) = 5.80;
			// volume = −76.94 − 5.80 = −82.74
			items: []changeRow{{"pacs", "135.00", "58.06", "-76.94", "5.80", "-82.74", "0.00", "0.00"}},
		},
		{
			name: "charge and recurring lines of one service count units together",
			before: []Line{
				chargeLine("a", "seat", "1", "20.00"),             // 20.00, 1 unit
				recurringLine(feb, "b", "seat", "2", "28.00", 14), // 2 × 28 × 14/28 = 28.00, 1 unit
			},
			now: []Line{recurringLine(mar, "b", "seat", "2", "31.00", 31)}, // 62.00, 2 units
			// rate = round2(62.00 − 48.00 × 2 / 2) = 14.00; volume = 14.00 − 14.00 = 0.00
			items: []changeRow{{"seat", "48.00", "62.00", "14.00", "14.00", "0.00", "0.00", "0.00"}},
		},
		{
			name:   "rounded once, half away from zero, up",
			before: []Line{chargeLine("a", "support", "1", "10.01")},   // 10.01
			now:    []Line{chargeLine("a", "support", "0.5", "12.00")}, // 6.00
			// rate = round2(6.00 − 10.01 × 0.5) = round2(0.995) = 1.00 (rounding
			// 5.005 first would give 0.99); volume = −4.01 − 1.00 = −5.01
			items: []changeRow{{"support", "10.01", "6.00", "-4.01", "1.00", "-5.01", "0.00", "0.00"}},
		},
		{
			name:   "rounded once, half away from zero, down",
			before: []Line{chargeLine("a", "support", "1", "10.01")},
			now:    []Line{chargeLine("a", "support", "0.5", "9.00")}, // 4.50
			// rate = round2(4.50 − 5.005) = round2(−0.505) = −0.51; volume −5.00
			items: []changeRow{{"support", "10.01", "4.50", "-5.51", "-0.51", "-5.00", "0.00", "0.00"}},
		},
		{
			name:   "a service that is new and one no longer charged",
			before: []Line{chargeLine("a", "printer", "1", "389.99")},
			now:    []Line{recurringLine(mar, "b", "vpn", "4", "12.50", 31)}, // 50.00
			items: []changeRow{
				{"printer", "389.99", "0.00", "-389.99", "0.00", "0.00", "0.00", "-389.99"},
				{"vpn", "0.00", "50.00", "50.00", "0.00", "0.00", "50.00", "0.00"},
			},
		},
		{
			name: "credits and adjustments are their own, whatever service they name",
			before: []Line{
				chargeLine("a", "scanner", "2", "100.00"), creditLine("b", "scanner", "-20.00"),
				adjustmentLine("c", "", "15.00"),
			},
			now: []Line{chargeLine("a", "scanner", "2", "100.00"), adjustmentLine("c", "scanner", "-5.00")},
			items: []changeRow{
				{"scanner", "200.00", "200.00", "0.00", "0.00", "0.00", "0.00", "0.00"},
			},
			credits:     [3]string{"-20.00", "0.00", "20.00"},
			adjustments: [3]string{"15.00", "-5.00", "-20.00"},
		},
		{
			name: "largest change first, then by service id",
			before: []Line{
				chargeLine("a", "b-small", "1", "10.00"), chargeLine("b", "a-tie", "1", "30.00"),
				chargeLine("c", "z-big", "1", "500.00"),
			},
			now: []Line{
				chargeLine("a", "b-small", "1", "15.00"), chargeLine("b", "a-tie", "1", "60.00"),
				chargeLine("d", "c-tie", "1", "30.00"),
			},
			items: []changeRow{
				{"z-big", "500.00", "0.00", "-500.00", "0.00", "0.00", "0.00", "-500.00"},
				{"a-tie", "30.00", "60.00", "30.00", "30.00", "0.00", "0.00", "0.00"},
				{"c-tie", "0.00", "30.00", "30.00", "0.00", "0.00", "30.00", "0.00"},
				{"b-small", "10.00", "15.00", "5.00", "5.00", "0.00", "0.00", "0.00"},
			},
		},
		{
			name:  "two empty months",
			items: []changeRow{},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NewChanges(NewStatement(feb, "radiology", "Radiology", "CC-4100", c.before),
				NewStatement(mar, "radiology", "Radiology", "CC-4100", c.now))
			rows := []changeRow{}
			for _, item := range got.Items {
				rows = append(rows, rowOf(item))
			}
			if diff := cmp.Diff(c.items, rows, cmp.AllowUnexported(changeRow{})); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			zero := [3]string{"0.00", "0.00", "0.00"}
			for _, b := range []struct {
				name      string
				got, want [3]string
			}{{"sla credits", bucketOf(got.SLACredits), c.credits}, {"adjustments", bucketOf(got.Adjustments), c.adjustments}} {
				if b.want == ([3]string{}) {
					b.want = zero
				}
				if b.got != b.want {
					t.Errorf("%s: got %v, want %v", b.name, b.got, b.want)
				}
			}
			if got.Month != mar || got.PreviousMonth != feb {
				t.Errorf("months: got %s and %s, want 2026-03 and 2026-02", got.Month, got.PreviousMonth)
			}
			checkSumRule(t, got)
		})
	}
}

// checkSumRule fails unless the parts add up: in every item, difference =
// rate + volume + new + ended = amount − previous amount; over the whole,
// the items' differences plus the credits' and adjustments' equal
// difference = total − previous total.
func checkSumRule(t *testing.T, c Changes) {
	t.Helper()
	sum := c.SLACredits.Difference.Add(c.Adjustments.Difference)
	for _, item := range c.Items {
		parts := item.Rate.Add(item.Volume).Add(item.New).Add(item.Ended)
		if !parts.Equal(item.Difference) || !item.Amount.Sub(item.PreviousAmount).Equal(item.Difference) {
			t.Errorf("%s: parts %s and amounts %s → %s, want both to make difference %s",
				item.ServiceID, parts, item.PreviousAmount, item.Amount, item.Difference)
		}
		sum = sum.Add(item.Difference)
	}
	if !c.Difference.Equal(c.Total.Sub(c.PreviousTotal)) {
		t.Errorf("difference: got %s, want %s − %s", c.Difference, c.Total, c.PreviousTotal)
	}
	if !sum.Equal(c.Difference) {
		t.Errorf("the parts add up to %s, want the difference %s", sum, c.Difference)
	}
	for _, b := range []Bucket{c.SLACredits, c.Adjustments} {
		if !b.Current.Sub(b.Previous).Equal(b.Difference) {
			t.Errorf("bucket %v: difference is not current − previous", b)
		}
	}
}

func ExampleNewChanges() {
	feb, mar := Month{2026, 2}, Month{2026, 3}
	before := NewStatement(feb, "radiology", "Radiology", "CC-4100", []Line{chargeLine("a", "scanner", "2", "100.00")})
	now := NewStatement(mar, "radiology", "Radiology", "CC-4100", []Line{chargeLine("a", "scanner", "3", "110.00")})
	c := NewChanges(before, now)
	for _, item := range c.Items {
		fmt.Println(item.ServiceID, item.Difference.StringFixed(2), "= price", item.Rate.StringFixed(2), "+ units", item.Volume.StringFixed(2))
	}
	// Output: scanner 130.00 = price 30.00 + units 100.00
}
