package billing

import (
	"testing"

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
