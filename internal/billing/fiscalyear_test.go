package billing

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestFiscalYearOf(t *testing.T) {
	tests := []struct {
		name  string
		month string
		start time.Month
		want  string
	}{
		{"january start is the calendar year", "2027-01", time.January, "2027"},
		{"january start, december", "2027-12", time.January, "2027"},
		{"july start, july begins the next year", "2026-07", time.July, "2027"},
		{"july start, december crosses the calendar year", "2026-12", time.July, "2027"},
		{"july start, january", "2027-01", time.July, "2027"},
		{"july start, june ends the year", "2027-06", time.July, "2027"},
		{"july start, the july after", "2027-07", time.July, "2028"},
		{"december start, december", "2026-12", time.December, "2027"},
		{"december start, november", "2027-11", time.December, "2027"},
		{"february start, january", "2027-01", time.February, "2027"},
		{"february start, february", "2027-02", time.February, "2028"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FiscalYearOf(mustMonth(t, tt.month), tt.start).String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFiscalYearMonths(t *testing.T) {
	tests := []struct {
		name        string
		year        string
		start       time.Month
		first, last string
	}{
		{"january start", "2027", time.January, "2027-01", "2027-12"},
		{"july start crosses calendar years", "2027", time.July, "2026-07", "2027-06"},
		{"december start", "2027", time.December, "2026-12", "2027-11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, err := ParseFiscalYear(tt.year, tt.start)
			if err != nil {
				t.Fatal(err)
			}
			ms := y.Months()
			if len(ms) != 12 {
				t.Fatalf("got %d months, want 12", len(ms))
			}
			if got := ms[0].String(); got != tt.first {
				t.Errorf("first: got %s, want %s", got, tt.first)
			}
			if got := ms[11].String(); got != tt.last {
				t.Errorf("last: got %s, want %s", got, tt.last)
			}
			if got := y.Last().String(); got != tt.last {
				t.Errorf("Last: got %s, want %s", got, tt.last)
			}
		})
	}
}

// TestFiscalYearEveryStart: for every start, the year's months are twelve
// consecutive months beginning in the start month, ending in the year's
// calendar year, each belonging to the year and no other.
func TestFiscalYearEveryStart(t *testing.T) {
	for start := time.January; start <= time.December; start++ {
		t.Run(start.String(), func(t *testing.T) {
			y, err := ParseFiscalYear("2027", start)
			if err != nil {
				t.Fatal(err)
			}
			ms := y.Months()
			if ms[0].month != start {
				t.Errorf("first month: got %s, want %s", ms[0].month, start)
			}
			if ms[11].year != 2027 {
				t.Errorf("last month: got %s, want one in 2027", ms[11])
			}
			for i, m := range ms {
				if i > 0 && m != ms[i-1].Next() {
					t.Errorf("month %d: got %s, want %s", i, m, ms[i-1].Next())
				}
				if got := FiscalYearOf(m, start); got != y {
					t.Errorf("%s: got fiscal year %s, want %s", m, got, y)
				}
			}
			if y.Contains(ms[0].Prev()) || y.Contains(ms[11].Next()) {
				t.Errorf("the months either side of %s belong to it", y)
			}
		})
	}
}

func TestParseFiscalYear(t *testing.T) {
	for _, s := range []string{"", "1999", "3000", "27", "02027", "+2027", "2027-01", "２０２７", " 2027"} {
		t.Run(s, func(t *testing.T) {
			if y, err := ParseFiscalYear(s, time.July); err == nil {
				t.Errorf("got %s, want an error", y)
			}
		})
	}
	for _, s := range []string{"2000", "2999"} {
		t.Run(s, func(t *testing.T) {
			if _, err := ParseFiscalYear(s, time.July); err != nil {
				t.Errorf("got %v, want none", err)
			}
		})
	}
}

func TestParseFiscalYearStart(t *testing.T) {
	tests := []struct {
		in   string
		want time.Month
		ok   bool
	}{
		{"", time.January, true}, {"1", time.January, true}, {"7", time.July, true}, {"12", time.December, true},
		{"0", 0, false}, {"13", 0, false}, {"07", 0, false}, {"July", 0, false}, {"-1", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFiscalYearStart(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("got %v, %v; want %v, ok %v", got, err, tt.want, tt.ok)
			}
		})
	}
}

// TestFiscalYearJulyStart follows a July-start year across the calendar
// year: its months, the year each month belongs to, and its name back and
// forth.
func TestFiscalYearJulyStart(t *testing.T) {
	y := mustYear(t, "2027", time.July)
	var got []string
	for _, m := range y.Months() {
		got = append(got, m.String())
	}
	want := []string{"2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("months (-want +got):\n%s", diff)
	}
	for _, m := range want {
		if fy := FiscalYearOf(mustMonth(t, m), time.July); fy != y || fy.String() != "2027" || fy.Year() != 2027 {
			t.Errorf("%s: got fiscal year %s, want 2027", m, fy)
		}
	}
	back, err := ParseFiscalYear(y.String(), time.July)
	if err != nil || back != y {
		t.Errorf("ParseFiscalYear(%q): got %v, %v; want it back", y.String(), back, err)
	}
	if y.First().String() != "2026-07" || y.Last().String() != "2027-06" {
		t.Errorf("first and last: got %s and %s, want 2026-07 and 2027-06", y.First(), y.Last())
	}
	// The same name with another start is another year.
	if calendar := mustYear(t, "2027", time.January); calendar == y || calendar.Contains(mustMonth(t, "2026-07")) {
		t.Errorf("calendar 2027 and July-start 2027 are the same year")
	}
}

// TestFiscalYearAt: the year is taken from the month of now in the org's
// zone, so an instant still in June in UTC may already be July there.
func TestFiscalYearAt(t *testing.T) {
	auckland, ny := mustZone(t, "Pacific/Auckland"), mustZone(t, "America/New_York")
	tests := []struct {
		name string
		now  string
		loc  *time.Location
		want string
	}{
		{"June's last hour in UTC", "2026-06-30T23:30:00Z", time.UTC, "2026"},
		{"the same instant is July 1 in Auckland", "2026-06-30T23:30:00Z", auckland, "2027"},
		{"July 1 in UTC is still June 30 in New York", "2026-07-01T02:00:00Z", ny, "2026"},
		{"July 1 in New York", "2026-07-01T05:00:00Z", ny, "2027"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FiscalYearAt(mustTime(t, tt.now), time.July, tt.loc).String(); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
