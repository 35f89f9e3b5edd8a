package load

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// WriteReport prints a run's figures and its check: throughput, each
// route's latency and errors beside its raw twin's with the ratio of the
// medians against target, then the reconciliation.
func WriteReport(w io.Writer, r *Result, target float64) error {
	fmt.Fprintf(w, "\n%d department clients over %d departments: %d API calls in %.1fs, %.1f calls/s, %d errors; latency over the %d after the warm-up\n",
		r.Workers, r.Departments, r.Calls, r.Elapsed.Seconds(), r.Throughput(), r.Errors(), r.Calls-r.Warm)
	if r.Raw {
		fmt.Fprintf(w, "each call paired with its raw DynamoDB twin on the same DynamoDB Local; target: route p50 within %.1f× of the twin's\n", target)
	}
	if err := writeRoutes(w, "under load", r.Routes, target); err != nil {
		return err
	}
	if len(r.Alone) > 0 {
		title := fmt.Sprintf("one client alone, after the run (%d calls of each)", r.Alone[0].Count+r.Alone[0].Errors)
		if err := writeRoutes(w, title, r.Alone, target); err != nil {
			return err
		}
	}
	writeEvents(w, r.Events)
	writeCheck(w, r.Check)
	return nil
}

// writeEvents prints the outbox's figures.
func writeEvents(w io.Writer, e EventsResult) {
	fmt.Fprintf(w, "\nevents (the table's stream through the outbox consumer to the local bus): %d creates and fulfils awaited, %d missing\n", e.Awaited, e.Missing)
	fmt.Fprintf(w, "  lag from the API's answer to the bus: p50 %s, p99 %s, max %s\n", ms(e.Lag.P50), ms(e.Lag.P99), ms(e.Lag.Max))
	fmt.Fprintf(w, "  %d events published during the run (the raw twins' too), %d of them repeats\n", e.Published, e.Repeats)
	fmt.Fprintf(w, "  the whole stream again, as a backlog: %d events in %.2fs, %.0f events/s\n", e.Drained, e.Drain.Seconds(), e.Rate())
}

// writeRoutes prints a table of routes beside their twins, then the
// failures of any.
func writeRoutes(w io.Writer, title string, routes []RouteResult, target float64) error {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "route\tcalls\terrors\tp50\tp99\t\traw twin\tcalls\tp50\tp99\tratio p50\t\t")
	for _, rt := range routes {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t\t%s\t%d\t%s\t%s\t%s\t%s\t\n", rt.Route, rt.Count, rt.Errors, ms(rt.P50), ms(rt.P99),
			rt.Twin, rt.Raw.Count, ms(rt.Raw.P50), ms(rt.Raw.P99), ratio(rt.Ratio()), verdict(rt.Ratio(), target))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, rt := range routes {
		for _, op := range []struct {
			name string
			s    OpStats
		}{{rt.Route, rt.OpStats}, {rt.Twin, rt.Raw}} {
			if op.s.Errors == 0 {
				continue
			}
			var parts []string
			for _, k := range failureKeys(op.s.Failures) {
				parts = append(parts, fmt.Sprintf("%d× %s", op.s.Failures[k], k))
			}
			fmt.Fprintf(w, "errors of %s: %s; first: %.300s\n", op.name, strings.Join(parts, ", "), op.s.Example)
		}
	}
	return nil
}

// writeCheck prints the reconciliation.
func writeCheck(w io.Writer, c CheckResult) {
	fmt.Fprintf(w, "\ncheck: %d requests created, %d fulfilled; %d listed; %d charge and recurring lines\n", c.Created, c.Fulfilled, c.Listed, c.Lines)
	for _, m := range c.Months {
		fmt.Fprintf(w, "  %s: %s over %d statements; month list and service report agree: %s\n", m.Month, m.Total.StringFixed(2), m.Statements, m.ReportCharged.StringFixed(2))
	}
	for _, b := range c.Baseline {
		fmt.Fprintln(w, "  baseline:", b)
	}
	if c.OK() {
		fmt.Fprintln(w, "  OK: every created request listed exactly once, every fulfilled one charged exactly once, every total reconciles")
		return
	}
	fmt.Fprintf(w, "  FAILED: %d problems\n", len(c.Problems))
	for _, p := range c.Problems {
		fmt.Fprintln(w, "   -", p)
	}
}

// ms writes d in milliseconds, to a tenth.
func ms(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}

func ratio(x float64) string {
	if x == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", x)
}

// verdict is PASS when x is within target, MISS over it, empty without a
// ratio.
func verdict(x, target float64) string {
	switch {
	case x == 0:
		return ""
	case x <= target:
		return "PASS"
	}
	return "MISS"
}
