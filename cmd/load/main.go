// Command load is `make load`: a bounded load run of the local API on
// loopback, over DynamoDB Local, checked for lost or duplicated requests
// and unreconciled totals, with each route's median set against the raw
// DynamoDB calls it makes:
//
//	go run ./cmd/load [-workers 50] [-requests 4000] [-duration 40s]
//
// It starts DynamoDB Local in memory unless DYNAMODB_ENDPOINT names one,
// and reads the API's settings (CHARGEBACK_TIMEZONE, ...) as the local
// server does. It exits 1 when the check finds a correctness failure, not
// when a route misses the latency target.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"chargeback/internal/httpapi"
	"chargeback/internal/load"
)

func main() {
	o := load.Options{Endpoint: os.Getenv("DYNAMODB_ENDPOINT"), Progress: os.Stderr}
	flag.IntVar(&o.Workers, "workers", load.DefaultWorkers, "simulated department clients calling at once")
	flag.IntVar(&o.Requests, "requests", load.DefaultRequests, "most API calls in the run")
	flag.DurationVar(&o.Duration, "duration", load.DefaultDuration, "longest the calls run")
	flag.DurationVar(&o.Warmup, "warmup", load.DefaultWarmup, "first part of the run whose latencies are not kept")
	flag.IntVar(&o.Alone, "alone", load.DefaultAlone, "calls of each route one client makes by itself after the run (0: none)")
	flag.BoolVar(&o.Raw, "raw", true, "pair each call with its raw DynamoDB twin")
	flag.Uint64Var(&o.Seed, "seed", 1, "seed of the call mix")
	target := flag.Float64("target", 1.5, "route p50 over raw p50 at most this is a PASS")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg, err := httpapi.ConfigFromEnv(os.Getenv)
	if err != nil {
		fail(err)
	}
	o.Config = cfg
	res, err := load.Run(ctx, o)
	if err != nil {
		fail(err)
	}
	if err := load.WriteReport(os.Stdout, res, *target); err != nil {
		fail(err)
	}
	if !res.Check.OK() {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "load:", err)
	os.Exit(1)
}
