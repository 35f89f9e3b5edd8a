package billing

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestCheckAdjustmentAmount(t *testing.T) {
	tests := []struct {
		name   string
		amount string // "" for none given
		want   string // the message, "" when accepted
	}{
		{"none", "", "is required"},
		{"zero", "0", "may not be zero"},
		{"zero with decimals", "0.00", "may not be zero"},
		{"negative zero", "-0.00", "may not be zero"},
		{"three decimals", "12.345", "may have at most 2 decimals"},
		{"a tenth of a cent", "0.001", "may have at most 2 decimals"},
		{"a billion", "1000000000", "must be less than 1000000000 either way"},
		{"minus a billion", "-1000000000.00", "must be less than 1000000000 either way"},
		{"a cent", "0.01", ""},
		{"minus a cent", "-0.01", ""},
		{"trailing zeros", "7.500", ""},
		{"largest", "999999999.99", ""},
		{"largest negative", "-999999999.99", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var amount *decimal.Decimal
			if tt.amount != "" {
				d := decimal.RequireFromString(tt.amount)
				amount = &d
			}
			got := ""
			if e := CheckAdjustmentAmount(amount); e != nil {
				if e.Field != "amount" {
					t.Errorf("field: got %q, want amount", e.Field)
				}
				got = e.Message
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAdjustmentServiceIsTheRequests(t *testing.T) {
	tests := []struct {
		name        string
		named       string
		requests    string
		want        string
		wantProblem bool
	}{
		{"only the request", "", "pacs-seat", "pacs-seat", false},
		{"the request's own service", "pacs-seat", "pacs-seat", "pacs-seat", false},
		{"another service", "vpn-access", "pacs-seat", "", true},
		{"a service in another case", "PACS-SEAT", "pacs-seat", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problem := AdjustmentService(tt.named, tt.requests)
			if got != tt.want {
				t.Errorf("service: got %q, want %q", got, tt.want)
			}
			if (problem != nil) != tt.wantProblem {
				t.Fatalf("problem: got %v, want one: %v", problem, tt.wantProblem)
			}
			if problem != nil && problem.Field != "service_id" {
				t.Errorf("field: got %q, want service_id", problem.Field)
			}
		})
	}
}

func TestAdjustmentLine(t *testing.T) {
	march := mustMonth(t, "2026-03")
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		adj  Adjustment
		want Line
	}{
		{
			"a credit naming a request",
			Adjustment{Department: "radiology", Month: march, Amount: decimal.RequireFromString("-37.10"), Description: "Scanner refund",
				ServiceID: "pacs-seat", ServiceName: "PACS seat", RequestID: "01KAJ8Q3M2W9XK4T7ZB6N5R1PC"},
			Line{ID: "01KADJ0000000000000000000A-adjustment", Month: march, Department: "radiology", Kind: KindAdjustment,
				RequestID: "01KAJ8Q3M2W9XK4T7ZB6N5R1PC", ServiceID: "pacs-seat", ServiceName: "PACS seat", Description: "Scanner refund",
				Amount: decimal.RequireFromString("-37.10"), PostedAt: at},
		},
		{
			"a charge naming nothing",
			Adjustment{Department: "pharmacy", Month: march, Amount: decimal.RequireFromString("150.25"), Description: "Licence true-up"},
			Line{ID: "01KADJ0000000000000000000A-adjustment", Month: march, Department: "pharmacy", Kind: KindAdjustment,
				Description: "Licence true-up", Amount: decimal.RequireFromString("150.25"), PostedAt: at},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.adj.Line("01KADJ0000000000000000000A", at)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(Month{})); diff != "" {
				t.Errorf("line (-want +got):\n%s", diff)
			}
		})
	}
}
