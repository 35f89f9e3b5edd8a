package request

import (
	"testing"
	"time"
)

func TestNewIDIsAULID(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	a, b := NewID(at), NewID(at.Add(time.Millisecond))
	if len(a) != 26 || a[0] > '7' || !ValidID(a) {
		t.Errorf("got %q, want 26 Crockford characters starting 0-7", a)
	}
	if a >= b {
		t.Errorf("ids do not sort by time: %s >= %s", a, b)
	}
	if NewID(at) == a {
		t.Error("two ids at the same instant are equal")
	}
	for _, bad := range []string{"", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01J0000000000000000000000I", a + "0", a[:25], "01j" + a[3:]} {
		if ValidID(bad) {
			t.Errorf("ValidID(%q): got true, want false", bad)
		}
	}
}
