package coldstart

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSummarize(t *testing.T) {
	inits := []time.Duration{3 * time.Millisecond, 1 * time.Millisecond, 2 * time.Millisecond}
	tests := []struct {
		name string
		base time.Duration
		want Row
	}{
		{name: "ratio to the bare median", base: time.Millisecond,
			want: Row{Name: "requests", Median: 2 * time.Millisecond, P90: 3 * time.Millisecond, Ratio: 2, Bytes: 42}},
		{name: "no baseline leaves the ratio 0", base: 0,
			want: Row{Name: "requests", Median: 2 * time.Millisecond, P90: 3 * time.Millisecond, Ratio: 0, Bytes: 42}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Summarize("requests", inits, 42, tt.base)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Summarize (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	rows := []Row{
		{Name: "catalog", Ratio: 1.2, Bytes: 8 * MiB},
		{Name: "requests", Ratio: 2.5, Bytes: 11 * MiB},
	}
	tests := []struct {
		name   string
		limits Limits
		want   []string
	}{
		{name: "no limits enforce nothing", limits: Limits{}, want: nil},
		{name: "ratio", limits: Limits{MaxRatio: 1.5},
			want: []string{"requests: init 2.50× the bare binary's, over 1.50×"}},
		{name: "size", limits: Limits{MaxMiB: 10},
			want: []string{"requests: 11.00 MiB, over 10.00 MiB"}},
		{name: "both, every row over", limits: Limits{MaxRatio: 1.1, MaxMiB: 7.5},
			want: []string{
				"catalog: init 1.20× the bare binary's, over 1.10×",
				"catalog: 8.00 MiB, over 7.50 MiB",
				"requests: init 2.50× the bare binary's, over 1.10×",
				"requests: 11.00 MiB, over 7.50 MiB",
			}},
		{name: "a limit met exactly passes", limits: Limits{MaxRatio: 2.5, MaxMiB: 11}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Check(rows, tt.limits)); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteTable(t *testing.T) {
	rows := []Row{
		{Name: "bare", Median: 3310 * time.Microsecond, P90: 4020 * time.Microsecond, Ratio: 1, Bytes: 5 * MiB},
		{Name: "requests", Median: 8740 * time.Microsecond, P90: 10210 * time.Microsecond, Ratio: 2.64, Bytes: 10*MiB + MiB/5},
	}
	var b strings.Builder
	if err := WriteTable(&b, rows); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"function     median init ms p90 init ms  × bare arm64 MiB\n" +
		"bare                   3.31        4.02    1.00      5.00\n" +
		"requests               8.74       10.21    2.64     10.20\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteTable (-want +got):\n%s", diff)
	}
}
