package billing

import (
	"errors"
	"testing"
	"time"

	"chargeback/internal/errs"
)

func TestCheckOver(t *testing.T) {
	east := time.FixedZone("UTC+10", 10*3600)
	march := Month{2026, time.March}
	tests := []struct {
		name string
		now  time.Time
		loc  *time.Location
		over bool
	}{
		{"last second of the month", time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC), time.UTC, false},
		{"first instant after it", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.UTC, true},
		{"already April ten hours east", time.Date(2026, 3, 31, 14, 0, 0, 0, time.UTC), east, true},
		{"still March ten hours east", time.Date(2026, 3, 31, 13, 59, 59, 0, time.UTC), east, false},
		{"months later", time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), time.UTC, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckOver(march, tt.now, tt.loc)
			if got := err == nil; got != tt.over {
				t.Fatalf("got over=%v (%v), want %v", got, err, tt.over)
			}
			var e *errs.Error
			if err != nil && (!errors.As(err, &e) || e.Kind != errs.Conflict || e.Code != "period_not_over") {
				t.Errorf("got %v, want a period_not_over conflict", err)
			}
		})
	}
}

func TestScheduledClose(t *testing.T) {
	east := time.FixedZone("UTC+10", 10*3600)
	tests := []struct {
		name string
		now  time.Time
		loc  *time.Location
		want string
	}{
		{"early in a month", time.Date(2026, 4, 3, 2, 0, 0, 0, time.UTC), time.UTC, "2026-03"},
		{"January closes December", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.UTC, "2026-12"},
		{"the month has turned east of UTC", time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC), east, "2026-03"},
		{"not yet turned in UTC", time.Date(2026, 3, 31, 15, 0, 0, 0, time.UTC), time.UTC, "2026-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ScheduledClose(tt.now, tt.loc).String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
