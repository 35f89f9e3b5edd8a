package billing

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestCheckBudgetAmount(t *testing.T) {
	tests := []struct {
		name string
		in   string // "" for absent
		ok   bool
	}{
		{"absent", "", false},
		{"zero", "0", false},
		{"negative", "-1", false},
		{"three decimals", "1.005", false},
		{"a billion", "1000000000", false},
		{"a cent", "0.01", true},
		{"two decimals", "120000.50", true},
		{"just below a billion", "999999999.99", true},
		{"trailing zeros", "5.000", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var amount *decimal.Decimal
			if tt.in != "" {
				d := decimal.RequireFromString(tt.in)
				amount = &d
			}
			got := CheckBudgetAmount(amount)
			if (got == nil) != tt.ok {
				t.Errorf("got %v, want ok %v", got, tt.ok)
			}
			if got != nil && got.Field != "amount" {
				t.Errorf("field: got %q, want amount", got.Field)
			}
		})
	}
}

func TestCheckThresholds(t *testing.T) {
	tests := []struct {
		name string
		in   []int
		ok   bool
	}{
		{"the default", DefaultThresholds(), true},
		{"one", []int{100}, true},
		{"the bounds", []int{1, 200}, true},
		{"empty", []int{}, false},
		{"zero", []int{0, 100}, false},
		{"past 200", []int{80, 201}, false},
		{"out of order", []int{100, 80}, false},
		{"repeated", []int{80, 80}, false},
		{"negative", []int{-5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckThresholds(tt.in)
			if (got == nil) != tt.ok {
				t.Errorf("got %v, want ok %v", got, tt.ok)
			}
			if got != nil && got.Field != "thresholds" {
				t.Errorf("field: got %q, want thresholds", got.Field)
			}
		})
	}
}

func TestUsedPercent(t *testing.T) {
	tests := []struct {
		forecast, budget, want string
	}{
		{"862.50", "1000", "86.3"}, // 86.25: half away from zero
		{"333.33", "1000", "33.3"}, // 33.333
		{"666.67", "1000", "66.7"}, // 66.667
		{"1", "3", "33.3"},         // 33.33…
		{"1", "7", "14.3"},         // 14.285…
		{"0.50", "1000", "0.1"},    // 0.05: half away from zero
		{"0.49", "1000", "0.0"},    // 0.049
		{"-0.50", "1000", "-0.1"},  // a credit: half away from zero, downward
		{"0", "1000", "0.0"},
		{"1000", "1000", "100.0"},
		{"2500.50", "1000", "250.1"}, // 250.05: half away from zero
		{"2500.49", "1000", "250.0"}, // 250.049
	}
	for _, tt := range tests {
		t.Run(tt.forecast+"/"+tt.budget, func(t *testing.T) {
			if got := UsedPercent(d(tt.forecast), d(tt.budget)).StringFixed(1); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestBudgetStatusAndCrossed(t *testing.T) {
	tests := []struct {
		name       string
		thresholds []int
		forecast   string
		status     BudgetStatus
		crossed    []int
	}{
		{"nothing spent", []int{50, 80, 100}, "0", BudgetOK, nil},
		{"a credit", []int{50, 80, 100}, "-20", BudgetOK, nil},
		{"a cent below the first", []int{50, 80, 100}, "499.99", BudgetOK, nil},
		{"exactly the first", []int{50, 80, 100}, "500.00", BudgetWarning, []int{50}},
		{"past two", []int{50, 80, 100}, "800.00", BudgetWarning, []int{50, 80}},
		{"exactly the budget is not over", []int{50, 80, 100}, "1000.00", BudgetWarning, []int{50, 80, 100}},
		{"a cent over", []int{50, 80, 100}, "1000.01", BudgetOver, []int{50, 80, 100}},
		{"over before the only threshold", []int{120}, "1100.00", BudgetOver, nil},
		{"past a threshold above the budget", []int{120}, "1200.00", BudgetOver, []int{120}},
		{"a threshold of 1 %", []int{1}, "10.00", BudgetWarning, []int{1}},
		{"just under 1 %", []int{1}, "9.99", BudgetOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Budget{Amount: d("1000"), Thresholds: tt.thresholds}
			if got := b.StatusAt(d(tt.forecast)); got != tt.status {
				t.Errorf("status: got %s, want %s", got, tt.status)
			}
			if diff := cmp.Diff(tt.crossed, b.Crossed(d(tt.forecast))); diff != "" {
				t.Errorf("crossed (-want +got):\n%s", diff)
			}
		})
	}
	// Crossed is exact, not taken from the rounded percent: 33.99 of 100
	// is past 33 % but not 34 %, though it shows as 34.0 %.
	b := Budget{Amount: d("100"), Thresholds: []int{33, 34}}
	if diff := cmp.Diff([]int{33}, b.Crossed(d("33.99"))); diff != "" {
		t.Errorf("crossed at 33.99 of 100 (-want +got):\n%s", diff)
	}
}
