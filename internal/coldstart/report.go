package coldstart

import (
	"fmt"
	"io"
	"time"
)

// MiB is the size of a mebibyte in bytes.
const MiB = 1 << 20

// Row is one binary's figures in the table.
type Row struct {
	Name   string
	Median time.Duration // median init
	P90    time.Duration // 90th percentile init
	Ratio  float64       // Median over the bare binary's median
	Bytes  int64         // size of the stripped linux/arm64 binary
}

// Summarize turns one binary's init samples and arm64 size into a Row,
// comparing its median with base, the bare binary's median.
func Summarize(name string, inits []time.Duration, size int64, base time.Duration) Row {
	r := Row{Name: name, Median: Median(inits), P90: P90(inits), Bytes: size}
	if base > 0 {
		r.Ratio = float64(r.Median) / float64(base)
	}
	return r
}

// WriteTable prints rows, the bare baseline first, as aligned columns.
func WriteTable(w io.Writer, rows []Row) error {
	if _, err := fmt.Fprintf(w, "%-12s %14s %11s %7s %9s\n",
		"function", "median init ms", "p90 init ms", "× bare", "arm64 MiB"); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := fmt.Fprintf(w, "%-12s %14.2f %11.2f %7.2f %9.2f\n",
			r.Name, ms(r.Median), ms(r.P90), r.Ratio, float64(r.Bytes)/MiB); err != nil {
			return err
		}
	}
	return nil
}

// Limits are what Check enforces; a zero field enforces nothing.
type Limits struct {
	MaxRatio float64 // highest median init allowed, as a multiple of the bare binary's
	MaxMiB   float64 // largest arm64 binary allowed, in MiB
}

// Check returns one line for every row over a limit, none when all pass.
func Check(rows []Row, l Limits) []string {
	var over []string
	for _, r := range rows {
		if l.MaxRatio > 0 && r.Ratio > l.MaxRatio {
			over = append(over, fmt.Sprintf("%s: init %.2f× the bare binary's, over %.2f×", r.Name, r.Ratio, l.MaxRatio))
		}
		if mib := float64(r.Bytes) / MiB; l.MaxMiB > 0 && mib > l.MaxMiB {
			over = append(over, fmt.Sprintf("%s: %.2f MiB, over %.2f MiB", r.Name, mib, l.MaxMiB))
		}
	}
	return over
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
