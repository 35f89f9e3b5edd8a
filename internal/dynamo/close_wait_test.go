package dynamo

import (
	"context"
	"testing"
	"time"

	"chargeback/internal/errs"
)

func TestTheCloseWaitsForTheIndexOnlyRightAfterItBegins(t *testing.T) {
	s := (&Store{}).WithIndexLag(2 * time.Second)
	now := time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		closingAt time.Time
		want      time.Duration
	}{
		{"just began: the whole lag", now, 2 * time.Second},
		{"began 500 ms ago: the rest", now.Add(-500 * time.Millisecond), 1500 * time.Millisecond},
		{"a rerun an hour later: no wait", now.Add(-time.Hour), 0},
		{"a clock set back: at most the lag", now.Add(time.Hour), 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.indexWait(tt.closingAt, now); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("without a lag, never", func(t *testing.T) {
		if got := (&Store{}).indexWait(now, now); got != 0 {
			t.Errorf("got %s, want 0", got)
		}
	})
	t.Run("a cancelled request stops waiting", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := s.awaitIndex(ctx, now, now); errs.KindOf(err) != errs.Unavailable {
			t.Errorf("got %v, want unavailable", err)
		}
	})
}
