package billing

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// monthForm is, written out apart from ParseMonth, every month it accepts:
// "YYYY-MM", years 2000 to 2999.
var monthForm = regexp.MustCompile(`^2[0-9]{3}-(0[1-9]|1[0-2])$`)

// FuzzParseMonth reads any text as a month. It accepts exactly the texts
// of monthForm, and a month it accepts writes back as the same text and
// behaves as a calendar month.
func FuzzParseMonth(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if want := monthForm.MatchString(s); (err == nil) != want {
			t.Fatalf("ParseMonth(%q): got error %v, want accepted %v", s, err, want)
		}
		if err != nil {
			if !m.IsZero() || !strings.Contains(err.Error(), "YYYY-MM") {
				t.Fatalf("ParseMonth(%q): got %v and %v, want the zero Month and a message naming the form", s, m, err)
			}
			return
		}
		start := m.Start(time.UTC)
		switch {
		case m.String() != s:
			t.Fatalf("ParseMonth(%q) writes back as %q", s, m)
		case m.Days() < 28 || m.Days() > 31:
			t.Fatalf("%s has %d days", m, m.Days())
		case m.Next().Prev() != m || m.Prev().Next() != m || !m.Before(m.Next()) || !m.Prev().Before(m) || m.Before(m):
			t.Fatalf("%s is out of order with %s and %s", m, m.Prev(), m.Next())
		case start.Format("2006-01") != s || start.Day() != 1 || MonthOf(start, time.UTC) != m:
			t.Fatalf("%s starts at %s", m, start)
		case !strings.HasPrefix(m.LastDay(), s+"-") || !m.End(time.UTC).Equal(start.AddDate(0, 0, m.Days())):
			t.Fatalf("%s ends on %s, at %s", m, m.LastDay(), m.End(time.UTC))
		}
	})
}
