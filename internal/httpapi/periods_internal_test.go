package httpapi

import (
	"testing"
	"time"
)

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
			if got := previousMonth(tt.at, tt.loc); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestNewIDIsAULID(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	a, b := newID(at), newID(at.Add(time.Millisecond))
	if len(a) != 26 || a[0] > '7' {
		t.Errorf("got %q, want 26 Crockford characters starting 0-7", a)
	}
	if a >= b {
		t.Errorf("ids do not sort by time: %s >= %s", a, b)
	}
	if newID(at) == a {
		t.Error("two ids at the same instant are equal")
	}
}
