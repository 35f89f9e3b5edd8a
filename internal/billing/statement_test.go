package billing

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// line is a statement line with the fields the statement tests look at.
func line(id, service, amount string) Line {
	kind := KindCharge
	if service == "" {
		kind = KindAdjustment
	}
	return Line{ID: id, Kind: kind, Department: "radiology", ServiceID: service, Amount: d(amount)}
}

// ids are the lines' IDs and amounts, in order.
func ids(lines []Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.ID+" "+l.Amount.StringFixed(2))
	}
	return out
}

func TestNewStatement(t *testing.T) {
	tests := []struct {
		name  string
		lines []Line
		want  []string
		total string
	}{
		{"no lines", nil, nil, "0.00"},
		{"ordered by ID", []Line{line("R3-charge", "email", "10.00"), line("ADJ-1", "", "-2.50"), line("R1-recurring-2026-03", "pacs", "46.45"), line("R1-sla-credit", "pacs", "-4.65")},
			[]string{"ADJ-1 -2.50", "R1-recurring-2026-03 46.45", "R1-sla-credit -4.65", "R3-charge 10.00"},
			// 10.00 − 2.50 + 46.45 − 4.65 = 49.30
			"49.30"},
		{"IDs compare as text", []Line{line("R9-charge", "email", "0.01"), line("R10-charge", "email", "0.02")},
			[]string{"R10-charge 0.02", "R9-charge 0.01"},
			// 0.01 + 0.02 = 0.03
			"0.03"},
		{"a negative total", []Line{line("ADJ-2", "", "-100.00"), line("R1-charge", "email", "33.33")},
			[]string{"ADJ-2 -100.00", "R1-charge 33.33"},
			// −100.00 + 33.33 = −66.67
			"-66.67"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := ids(tt.lines)
			s := NewStatement(mustMonth(t, "2026-03"), "radiology", "Radiology", "CC-4100", tt.lines)
			if diff := cmp.Diff(tt.want, ids(s.Lines)); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if !s.Total.Equal(d(tt.total)) {
				t.Errorf("total: got %s, want %s", s.Total, tt.total)
			}
			if !Sum(s.Lines).Equal(s.Total) {
				t.Errorf("total: got %s, want the sum of the lines %s", s.Total, Sum(s.Lines))
			}
			if diff := cmp.Diff(before, ids(tt.lines)); diff != "" {
				t.Errorf("NewStatement reordered its argument (-before +after):\n%s", diff)
			}
			if s.Month.String() != "2026-03" || s.Department != "radiology" || s.DepartmentName != "Radiology" || s.CostCenter != "CC-4100" || s.Closed {
				t.Errorf("got %v %q %q %q closed=%v, want 2026-03 radiology Radiology CC-4100 open", s.Month, s.Department, s.DepartmentName, s.CostCenter, s.Closed)
			}
		})
	}
}

func TestPreview(t *testing.T) {
	tests := []struct {
		name            string
		posted, pending []Line
		want            []string
	}{
		{"nothing", nil, nil, nil},
		{"posted only", []Line{line("A", "x", "1.00"), line("B", "x", "2.00")}, nil, []string{"A 1.00", "B 2.00"}},
		{"pending only", nil, []Line{line("C", "x", "3.00")}, []string{"C 3.00"}},
		{"a posted line wins over its pending twin",
			[]Line{line("A", "x", "1.00"), line("B", "x", "2.00")},
			[]Line{line("B", "x", "9.99"), line("C", "x", "3.00")},
			[]string{"A 1.00", "B 2.00", "C 3.00"}},
		{"a pending line only once",
			[]Line{line("A", "x", "1.00")},
			[]Line{line("C", "x", "3.00"), line("C", "x", "3.00")},
			[]string{"A 1.00", "C 3.00"}},
		{"everything pending already posted",
			[]Line{line("A", "x", "1.00"), line("B", "x", "2.00")},
			[]Line{line("B", "x", "2.00"), line("A", "x", "5.00")},
			[]string{"A 1.00", "B 2.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ids(Preview(tt.posted, tt.pending))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestByService(t *testing.T) {
	tests := []struct {
		name  string
		lines []Line
		want  []string // "service total", "" for lines without a service
	}{
		{"no lines", nil, nil},
		{"services in id order, adjustments last",
			[]Line{
				line("A", "pacs", "10.00"), line("B", "", "7.00"), line("C", "email", "5.25"),
				line("D", "pacs", "-1.00"), line("E", "", "-2.50"), line("F", "email", "1.00"),
			},
			// email 5.25 + 1.00 = 6.25; pacs 10.00 − 1.00 = 9.00; adjustments 7.00 − 2.50 = 4.50
			[]string{"email 6.25", "pacs 9.00", " 4.50"}},
		{"only adjustments", []Line{line("A", "", "-3.00"), line("B", "", "1.10")},
			// −3.00 + 1.10 = −1.90
			[]string{" -1.90"}},
		{"no adjustments", []Line{line("A", "zeta", "0.10"), line("B", "alpha", "0.20")},
			[]string{"alpha 0.20", "zeta 0.10"}},
		{"a service that nets to zero stays", []Line{line("A", "pacs", "4.65"), line("B", "pacs", "-4.65"), line("C", "", "1.00")},
			[]string{"pacs 0.00", " 1.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStatement(mustMonth(t, "2026-03"), "radiology", "Radiology", "CC-4100", tt.lines)
			var got []string
			sum := d("0")
			for _, st := range s.ByService() {
				got = append(got, st.ServiceID+" "+st.Total.StringFixed(2))
				sum = sum.Add(st.Total)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if !sum.Equal(s.Total) {
				t.Errorf("sum of service totals: got %s, want the statement total %s", sum, s.Total)
			}
		})
	}
}

func TestFreeze(t *testing.T) {
	at := time.Date(2026, 4, 1, 6, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		lines []Line
	}{
		{"no lines", nil},
		{"some lines", []Line{line("R1-charge", "email", "12.50"), line("ADJ-1", "", "-2.00")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open := NewStatement(mustMonth(t, "2026-03"), "radiology", "Radiology", "CC-4100", tt.lines)
			closed := open.Freeze(at)
			sum := sha256.Sum256(open.CSV())
			want := "sha256:" + hex.EncodeToString(sum[:])
			if closed.Checksum != want {
				t.Errorf("checksum: got %s, want %s", closed.Checksum, want)
			}
			if !closed.Closed || !closed.ClosedAt.Equal(at) {
				t.Errorf("got closed=%v at %s, want closed at %s", closed.Closed, closed.ClosedAt, at)
			}
			if open.Closed || open.Checksum != "" {
				t.Errorf("Freeze changed the statement it was called on: closed=%v checksum=%q", open.Closed, open.Checksum)
			}
			if got := closed.Summary(); got.Checksum != want || got.Lines != len(tt.lines) || !got.Total.Equal(open.Total) {
				t.Errorf("summary: got %d lines, total %s, %s; want %d, %s, %s", got.Lines, got.Total, got.Checksum, len(tt.lines), open.Total, want)
			}
		})
	}
	t.Run("the checksum follows the lines", func(t *testing.T) {
		a := NewStatement(mustMonth(t, "2026-03"), "radiology", "Radiology", "CC-4100", []Line{line("R1-charge", "email", "12.50")}).Freeze(at)
		b := NewStatement(mustMonth(t, "2026-03"), "radiology", "Radiology", "CC-4100", []Line{line("R1-charge", "email", "12.51")}).Freeze(at)
		if a.Checksum == b.Checksum {
			t.Errorf("got the same checksum %s for different amounts, want different ones", a.Checksum)
		}
	})
}
