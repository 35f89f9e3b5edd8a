// Command coldstart measures the init of every Lambda function against a
// bare aws-lambda-go binary, on loopback, and prints a table:
//
//	go run ./cmd/coldstart [-n 20] [-max-ratio 1.5] [-max-mib 10]
//
// Run it from the module's root. It builds each function and the bare
// binary for linux and this machine's architecture with the Lambda build
// flags, and once more for linux/arm64 to weigh them. Each binary then
// starts -n times (after -warmup runs that are not counted), in turns so
// that a slow patch of the machine hits them all alike. It exits 1 when a
// function is over -max-ratio or -max-mib; both default to 0, enforce
// nothing.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"chargeback/internal/coldstart"
)

// barePkg is the baseline binary's package, named "bare" in the table.
const barePkg = "./internal/coldstart/bare"

func main() {
	n := flag.Int("n", 20, "measured starts per binary")
	warmup := flag.Int("warmup", 1, "starts per binary before measuring, not counted")
	functions := flag.String("functions", "catalog requests statements reports monthclose web", "functions to measure, by folder under functions/ (spaces or commas)")
	maxRatio := flag.Float64("max-ratio", 0, "fail when a function's median init is over this multiple of the bare binary's (0: don't check)")
	maxMiB := flag.Float64("max-mib", 0, "fail when a function's linux/arm64 binary is over this many MiB (0: don't check)")
	timeout := flag.Duration("timeout", 10*time.Second, "longest wait for one start")
	goTool := flag.String("go", "go", "the go command")
	flag.Parse()

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
	defer cancel()
	names := strings.FieldsFunc(*functions, func(r rune) bool { return r == ',' || r == ' ' })
	rows, err := run(ctx, names, *n, *warmup, *timeout, *goTool)
	if err != nil {
		fmt.Fprintln(os.Stderr, "coldstart:", err)
		os.Exit(1)
	}
	fmt.Printf("linux/%s, %d starts each, init = spawn to first /next\n", runtime.GOARCH, *n)
	coldstart.WriteTable(os.Stdout, rows)
	if over := coldstart.Check(rows[1:], coldstart.Limits{MaxRatio: *maxRatio, MaxMiB: *maxMiB}); len(over) > 0 {
		fmt.Fprintln(os.Stderr, strings.Join(over, "\n"))
		os.Exit(1)
	}
}

// run builds the bare binary and the functions, measures them, and
// returns their rows, the bare binary's first.
func run(ctx context.Context, names []string, n, warmup int, timeout time.Duration, goTool string) ([]coldstart.Row, error) {
	dir, err := os.MkdirTemp("", "coldstart-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	bins := make([]coldstart.Binary, 0, len(names)+1)
	sizes := map[string]int64{}
	for _, name := range append([]string{"bare"}, names...) {
		pkg := "./functions/" + name
		if name == "bare" {
			pkg = barePkg
		}
		fmt.Fprintln(os.Stderr, "building", pkg)
		host := filepath.Join(dir, "host", name, "bootstrap")
		arm := filepath.Join(dir, "arm64", name, "bootstrap")
		if err := coldstart.Build(ctx, goTool, pkg, runtime.GOARCH, host); err != nil {
			return nil, err
		}
		if err := coldstart.Build(ctx, goTool, pkg, "arm64", arm); err != nil {
			return nil, err
		}
		info, err := os.Stat(arm)
		if err != nil {
			return nil, err
		}
		sizes[name] = info.Size()
		bins = append(bins, coldstart.Binary{Name: name, Path: host})
	}

	inits := map[string][]time.Duration{}
	fmt.Fprintf(os.Stderr, "starting each of %d binaries %d+%d times\n", len(bins), warmup, n)
	for round := range warmup + n {
		for _, b := range bins {
			d, err := coldstart.Measure(ctx, b, timeout)
			if err != nil {
				return nil, err
			}
			if round >= warmup {
				inits[b.Name] = append(inits[b.Name], d)
			}
		}
	}

	base := coldstart.Median(inits["bare"])
	rows := make([]coldstart.Row, 0, len(bins))
	for _, b := range bins {
		rows = append(rows, coldstart.Summarize(b.Name, inits[b.Name], sizes[b.Name], base))
	}
	return rows, nil
}
