package catalog

import (
	"testing"
)

func TestPriceOn(t *testing.T) {
	s := Service{
		ID: "ehr-licence",
		Prices: []Price{
			{Effective: "2025-01-01", UnitPrice: dec(t, "85.00")},
			{Effective: "2026-01-01", UnitPrice: dec(t, "89.50")},
			{Effective: "2026-07-01", UnitPrice: dec(t, "92.00")},
		},
	}
	tests := []struct {
		name      string
		day       string
		want      string // unit price; "" when there is none
		effective string
	}{
		{name: "day before the first price", day: "2024-12-31"},
		{name: "on the first effective date", day: "2025-01-01", want: "85.00", effective: "2025-01-01"},
		{name: "day before a change", day: "2025-12-31", want: "85.00", effective: "2025-01-01"},
		{name: "on a change", day: "2026-01-01", want: "89.50", effective: "2026-01-01"},
		{name: "day before a mid-year change", day: "2026-06-30", want: "89.50", effective: "2026-01-01"},
		{name: "on a mid-year change", day: "2026-07-01", want: "92.00", effective: "2026-07-01"},
		{name: "long after the last change", day: "2031-03-15", want: "92.00", effective: "2026-07-01"},
		{name: "leap day", day: "2028-02-29", want: "92.00", effective: "2026-07-01"},
		{name: "impossible date", day: "2026-02-30"},
		{name: "single-digit month", day: "2026-1-05"},
		{name: "timestamp", day: "2026-07-01T00:00:00Z"},
		{name: "month only", day: "2026-07"},
		{name: "empty", day: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := s.PriceOn(tt.day)
			if tt.want == "" {
				if ok {
					t.Errorf("PriceOn(%q): got %s, true, want no price", tt.day, got)
				}
				return
			}
			if !ok || !got.Equal(dec(t, tt.want)) {
				t.Errorf("PriceOn(%q): got %s, %v, want %s, true", tt.day, got, ok, tt.want)
			}
			p, ok := s.CurrentPrice(tt.day)
			if !ok || p.Effective != tt.effective || !p.UnitPrice.Equal(got) {
				t.Errorf("CurrentPrice(%q): got %+v, %v, want effective %s at %s", tt.day, p, ok, tt.effective, tt.want)
			}
		})
	}
}

func TestPriceOnUnusualServices(t *testing.T) {
	tests := []struct {
		name   string
		prices []Price
		day    string
		want   string // "" when there is no price
	}{
		{name: "no prices", day: "2026-01-01"},
		{
			name:   "prices out of order still pick the latest effective",
			prices: []Price{{Effective: "2026-01-01", UnitPrice: dec(t, "2")}, {Effective: "2025-01-01", UnitPrice: dec(t, "1")}},
			day:    "2026-03-01",
			want:   "2",
		},
		{
			name:   "free service",
			prices: []Price{{Effective: "2024-01-01", UnitPrice: dec(t, "0")}},
			day:    "2026-03-01",
			want:   "0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Service{Prices: tt.prices}.PriceOn(tt.day)
			switch {
			case tt.want == "" && ok:
				t.Errorf("PriceOn(%q): got %s, true, want no price", tt.day, got)
			case tt.want != "" && (!ok || !got.Equal(dec(t, tt.want))):
				t.Errorf("PriceOn(%q): got %s, %v, want %s, true", tt.day, got, ok, tt.want)
			}
		})
	}
}
