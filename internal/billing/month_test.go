package billing

import (
	"testing"
	"time"
)

func mustMonth(t *testing.T, s string) Month {
	t.Helper()
	m, err := ParseMonth(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestParseMonth(t *testing.T) {
	for _, ok := range []string{"2026-01", "2026-12", "2000-02", "2999-12"} {
		if m, err := ParseMonth(ok); err != nil || m.String() != ok {
			t.Errorf("%s: got %v %v, want it back", ok, m, err)
		}
	}
	for _, bad := range []string{"", "2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "1999-12", "3000-01", "2026/01", " 2026-01", "２０２６-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("%q: got a month, want an error", bad)
		}
	}
}

func TestMonthCalendar(t *testing.T) {
	tests := []struct {
		month      string
		days       int
		prev, next string
		lastDay    string
	}{
		{"2026-01", 31, "2025-12", "2026-02", "2026-01-31"},
		{"2026-02", 28, "2026-01", "2026-03", "2026-02-28"},
		{"2028-02", 29, "2028-01", "2028-03", "2028-02-29"},
		{"2026-04", 30, "2026-03", "2026-05", "2026-04-30"},
		{"2026-12", 31, "2026-11", "2027-01", "2026-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.month, func(t *testing.T) {
			m := mustMonth(t, tt.month)
			got := []any{m.Days(), m.Prev().String(), m.Next().String(), m.LastDay()}
			want := []any{tt.days, tt.prev, tt.next, tt.lastDay}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("got %v, want %v", got, want)
					break
				}
			}
			if !m.Prev().Before(m) || m.Before(m.Prev()) || m.Before(m) {
				t.Error("Before does not order months")
			}
		})
	}
}

func TestMonthOfIsInTheOrgZone(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		at   time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 3, 31, 23, 59, 59, 0, time.UTC), time.UTC, "2026-03"},
		{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.UTC, "2026-04"},
		// 2026-04-01 02:00 UTC is still March 31 in New York.
		{time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC), ny, "2026-03"},
		{time.Date(2026, 1, 1, 4, 59, 0, 0, time.UTC), ny, "2025-12"},
	}
	for _, tt := range tests {
		if got := MonthOf(tt.at, tt.loc).String(); got != tt.want {
			t.Errorf("%s in %s: got %s, want %s", tt.at, tt.loc, got, tt.want)
		}
	}
	m := mustMonth(t, "2026-03")
	// March 2026 in New York starts at 05:00 UTC (EST) and ends at 04:00 UTC (EDT).
	if got, want := m.Start(ny).UTC(), time.Date(2026, 3, 1, 5, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("start: got %s, want %s", got, want)
	}
	if got, want := m.End(ny).UTC(), time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("end: got %s, want %s", got, want)
	}
}

func TestCheckBegun(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// 2026-04-01 02:00 UTC is April in UTC but still March 31 in New York.
	now := time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		month string
		loc   *time.Location
		want  string // the message, "" when the month has begun
	}{
		{"a past month", "2025-12", time.UTC, ""},
		{"the month before", "2026-03", time.UTC, ""},
		{"the current month", "2026-04", time.UTC, ""},
		{"the next month", "2026-05", time.UTC, "is after the current month 2026-04; it has not begun"},
		{"next year", "2027-04", time.UTC, "is after the current month 2026-04; it has not begun"},
		{"the current month in the org zone", "2026-03", ny, ""},
		{"UTC's month, not yet begun in the org zone", "2026-04", ny, "is after the current month 2026-03; it has not begun"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if e := mustMonth(t, tt.month).CheckBegun("to", now, tt.loc); e != nil {
				if e.Field != "to" {
					t.Errorf("field: got %q, want %q", e.Field, "to")
				}
				got = e.Message
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSLAMet(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	due := SLADue(created, 4)
	tests := []struct {
		name string
		done time.Time
		want bool
	}{
		{"early", created.Add(time.Hour), true},
		{"exactly on time", created.Add(4 * time.Hour), true},
		{"a second late", created.Add(4*time.Hour + time.Second), false},
	}
	for _, tt := range tests {
		if got := SLAMet(tt.done, due); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPeriodStatusMoves(t *testing.T) {
	statuses := []PeriodStatus{PeriodOpen, PeriodClosing, PeriodClosed}
	allowed := map[[2]PeriodStatus]bool{{PeriodOpen, PeriodClosing}: true, {PeriodClosing, PeriodClosed}: true}
	for _, from := range statuses {
		for _, to := range statuses {
			err := NextPeriodStatus(from, to)
			if allowed[[2]PeriodStatus{from, to}] != (err == nil) {
				t.Errorf("%s → %s: got %v, want allowed=%v", from, to, err, allowed[[2]PeriodStatus{from, to}])
			}
		}
	}
}

func TestPreviousMonth(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	tests := []struct {
		at   time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 3, 3, 0, 15, 0, 0, time.UTC), time.UTC, "2026-02"},
		{time.Date(2026, 1, 3, 0, 15, 0, 0, time.UTC), time.UTC, "2025-12"},
		{time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC), time.UTC, "2026-02"},
		// 2026-04-01 02:00 UTC is still March 31 in New York.
		{time.Date(2026, 4, 1, 2, 0, 0, 0, time.UTC), ny, "2026-02"},
	}
	for _, tt := range tests {
		t.Run(tt.at.String(), func(t *testing.T) {
			if got := MonthOf(tt.at, tt.loc).Prev().String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
