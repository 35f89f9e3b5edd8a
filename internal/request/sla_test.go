package request

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSLACrossed(t *testing.T) {
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	due := created.Add(8 * time.Hour) // 75 % at 14:00, 100 % at 16:00
	tests := []struct {
		name   string
		status Status
		now    time.Time
		want   []int
	}{
		{"just submitted", Submitted, created, nil},
		{"half the time gone", Approved, created.Add(4 * time.Hour), nil},
		{"exactly 75 %: not yet past it", Approved, created.Add(6 * time.Hour), nil},
		{"just past 75 %", InProgress, created.Add(6*time.Hour + time.Nanosecond), []int{75}},
		{"exactly due: the SLA is still met", Submitted, due, []int{75}},
		{"just past due", Submitted, due.Add(time.Nanosecond), []int{75, 100}},
		{"long overdue", Approved, due.Add(72 * time.Hour), []int{75, 100}},
		{"fulfilled late: no longer open", Fulfilled, due.Add(time.Hour), nil},
		{"cancelled", Cancelled, due.Add(time.Hour), nil},
		{"rejected", Rejected, due.Add(time.Hour), nil},
		{"ended", Ended, due.Add(time.Hour), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Request{Status: tt.status, CreatedAt: created, SLADueAt: due}
			if diff := cmp.Diff(tt.want, r.SLACrossed(tt.now)); diff != "" {
				t.Errorf("SLACrossed at %s (-want +got):\n%s", tt.now.Format(time.RFC3339Nano), diff)
			}
		})
	}
}

func TestSLAThresholdAt(t *testing.T) {
	created := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		hours   int
		percent int
		want    time.Time
	}{
		{"75 % of 8 hours", 8, 75, created.Add(6 * time.Hour)},
		{"100 % is the due time", 8, 100, created.Add(8 * time.Hour)},
		{"75 % of 1 hour", 1, 75, created.Add(45 * time.Minute)},
		{"75 % of 30 days", 720, 75, created.Add(540 * time.Hour)},
		{"a zero-hour SLA is due at once", 0, 75, created},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Request{CreatedAt: created, SLADueAt: created.Add(time.Duration(tt.hours) * time.Hour)}
			if got := r.SLAThresholdAt(tt.percent); !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
