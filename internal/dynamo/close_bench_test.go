package dynamo

import (
	"context"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
)

// The finance benchmarks run on DynamoDB Local (make bench): a department
// statement, the month's summary and the month close, with 1,000 and
// 10,000 lines in the month. Every month has 1,000 running subscriptions
// (one recurring line each); the rest of the month's lines are posted
// charges. Nine in ten of both belong to one department (benchDept), so
// its statement holds about 900 and 9,000 lines; the others share the
// rest. The seed is written straight to the table in parallel batches, in
// the store's own item shapes.
//
// Besides time they report the DynamoDB calls each operation makes
// (ddb-calls/op, and of them queries/op and batch-writes/op), and
// dept-lines, the lines of the department statement, and go-cpu-ms/op,
// the CPU this process (the Go side, not DynamoDB Local) spent, as the Go
// runtime estimates it: what a Lambda function with a fraction of a vCPU
// (256 MB has about a seventh of one) would take several times as long
// for. The target: time
// grows linearly with the lines or better, statements are read in Query
// pages and the close writes in batches.

const (
	benchSubscriptions = 1000
	benchDept          = "radiology"
	// benchSeedWorkers is how many BatchWriteItem calls the seed has in
	// flight.
	benchSeedWorkers = 8
)

var benchSizes = []int{1000, 10000}

// benchStart is when the subscriptions were fulfilled: before every month
// the benchmarks read or close, so each runs the whole of those months.
var benchStart = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// callCounter counts DynamoDB calls by operation.
type callCounter struct {
	total, query, batchWrite, other atomic.Int64
}

// usage is the DynamoDB calls made and the CPU spent up to a moment.
type usage struct {
	calls, queries, batchWrites int64
	cpu                         time.Duration
}

func (c *callCounter) snapshot() usage {
	return usage{calls: c.total.Load(), queries: c.query.Load(), batchWrites: c.batchWrite.Load(), cpu: goCPU()}
}

// add adds what was used from before to after.
func (u *usage) add(before, after usage) {
	u.calls += after.calls - before.calls
	u.queries += after.queries - before.queries
	u.batchWrites += after.batchWrites - before.batchWrites
	u.cpu += after.cpu - before.cpu
}

// report reports u, the use of n operations, per operation.
func (u usage) report(b *testing.B, n int) {
	b.ReportMetric(float64(u.calls)/float64(n), "ddb-calls/op")
	b.ReportMetric(float64(u.queries)/float64(n), "queries/op")
	b.ReportMetric(float64(u.batchWrites)/float64(n), "batch-writes/op")
	b.ReportMetric(float64(u.cpu.Microseconds())/1000/float64(n), "go-cpu-ms/op")
}

// report reports what was used since before, per operation.
func (c *callCounter) report(b *testing.B, before usage, n int) {
	var u usage
	u.add(before, c.snapshot())
	u.report(b, n)
}

// cpuMetrics are the runtime's estimates of the CPU spent on Go code, the
// garbage collector (less its use of otherwise idle time) and returning
// memory to the system.
var cpuMetrics = []string{
	"/cpu/classes/user:cpu-seconds",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/gc/mark/idle:cpu-seconds",
	"/cpu/classes/scavenge/total:cpu-seconds",
}

// goCPU is the CPU this process has spent so far, as the runtime
// estimates it.
func goCPU() time.Duration {
	samples := make([]metrics.Sample, len(cpuMetrics))
	for i, name := range cpuMetrics {
		samples[i].Name = name
	}
	metrics.Read(samples)
	v := func(i int) float64 {
		if samples[i].Value.Kind() != metrics.KindFloat64 {
			return 0
		}
		return samples[i].Value.Float64()
	}
	return time.Duration((v(0) + v(1) - v(2) + v(3)) * float64(time.Second))
}

// benchEnv is a store over a fresh table, whose calls are counted, and a
// second store over the same table that seeds it uncounted.
type benchEnv struct {
	store   *Store
	seed    *Store
	calls   *callCounter
	org     billing.Org
	depts   []catalog.Department // the departments other than benchDept
	monthly []catalog.Service    // monthly services
	once    []catalog.Service    // one-time services
}

func newBenchEnv(b *testing.B) *benchEnv {
	b.Helper()
	e := os.Getenv("DYNAMODB_ENDPOINT")
	if e == "" {
		if os.Getenv("CHARGEBACK_REQUIRE_DYNAMODB") == "1" {
			b.Fatal("DYNAMODB_ENDPOINT is not set but CHARGEBACK_REQUIRE_DYNAMODB=1")
		}
		b.Skip("SKIPPING benchmark: DYNAMODB_ENDPOINT is not set; run `make bench` to start DynamoDB Local")
	}
	calls := &callCounter{}
	count := middleware.InitializeMiddlewareFunc("count", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		calls.total.Add(1)
		switch in.Parameters.(type) {
		case *dynamodb.QueryInput:
			calls.query.Add(1)
		case *dynamodb.BatchWriteItemInput:
			calls.batchWrite.Add(1)
		default:
			calls.other.Add(1)
		}
		return next.HandleInitialize(ctx, in)
	})
	client := NewLocalClient(e, func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error { return s.Initialize.Add(count, middleware.After) })
	})
	name := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	if err := EnsureTable(context.Background(), client, name); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_, _ = client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	})
	cat := catalog.Load()
	env := &benchEnv{
		store: New(client, name), seed: New(NewLocalClient(e), name), calls: calls,
		org: billing.Org{Catalog: cat, Location: time.UTC},
	}
	for _, d := range cat.Departments() {
		if d.Active && d.ID != benchDept {
			env.depts = append(env.depts, d)
		}
	}
	for _, s := range cat.Services() {
		switch {
		case !s.Active:
		case s.Pricing == catalog.Monthly:
			env.monthly = append(env.monthly, s)
		case s.Pricing == catalog.OneTime:
			env.once = append(env.once, s)
		}
	}
	if len(env.depts) == 0 || len(env.monthly) == 0 || len(env.once) == 0 {
		b.Fatal("the catalog has no other department, monthly or one-time service to seed with")
	}
	return env
}

// deptOf spreads the i-th seeded item: nine in ten to benchDept.
func (e *benchEnv) deptOf(i int) string {
	if i%10 != 9 {
		return benchDept
	}
	return e.depts[(i/10)%len(e.depts)].ID
}

// seedSubscriptions stores n fulfilled monthly requests that run from
// benchStart on, as the fulfilment of each would have stored it.
func (e *benchEnv) seedSubscriptions(b *testing.B, n int) {
	b.Helper()
	items := make([]any, 0, n)
	for i := range n {
		svc := e.monthly[i%len(e.monthly)]
		created := benchStart.Add(time.Duration(i) * time.Second)
		price, ok := svc.PriceOn(created.Format(time.DateOnly))
		if !ok {
			b.Fatalf("service %s has no price on %s", svc.ID, created)
		}
		qty := decimal.NewFromInt(int64(1 + i%5))
		r := &request.Request{
			ID: request.NewID(created), Department: e.deptOf(i), ServiceID: svc.ID, ServiceName: svc.Name,
			Pricing: svc.Pricing, Unit: svc.Unit, Fractional: svc.Fractional, Quantity: qty,
			QuotedUnitPrice: price, EstimatedCharge: billing.Round2(qty.Mul(price)), Status: request.Fulfilled,
			RequestedBy: "bench", CreatedAt: created, SLAHours: svc.SLAHours,
			SLADueAt: created.Add(time.Duration(svc.SLAHours) * time.Hour), SLACreditPercent: svc.SLACreditPercent,
			FulfilledAt: created.Add(time.Hour), Version: 3,
		}
		if _, ok := r.Subscription(); !ok {
			b.Fatalf("seeded request %s is not a subscription", r.ID)
		}
		items = append(items, toRequestItem(r))
	}
	e.write(b, items)
}

// seedCharges posts n one-time charge lines into month m, as fulfilments
// in that month would have posted them.
func (e *benchEnv) seedCharges(b *testing.B, m billing.Month, n int) {
	b.Helper()
	items := make([]any, 0, n)
	start := m.Start(time.UTC)
	for i := range n {
		svc := e.once[i%len(e.once)]
		at := start.Add(time.Duration(i) * time.Minute % (24 * 27 * time.Hour))
		price, ok := svc.PriceOn(at.Format(time.DateOnly))
		if !ok {
			b.Fatalf("service %s has no price on %s", svc.ID, at)
		}
		qty := decimal.NewFromInt(int64(1 + i%3))
		id := request.NewID(at)
		items = append(items, toLineItem(billing.Line{
			ID: id + "-charge", Month: m, Department: e.deptOf(i), Kind: billing.KindCharge,
			RequestID: id, ServiceID: svc.ID, ServiceName: svc.Name, Description: svc.Name,
			Quantity: qty, Unit: svc.Unit, UnitPrice: price, Amount: billing.Round2(qty.Mul(price)), PostedAt: at,
		}))
	}
	e.write(b, items)
}

// write stores items with BatchWriteItem, 25 at a time, several batches
// in flight, through the uncounted store.
func (e *benchEnv) write(b *testing.B, items []any) {
	b.Helper()
	batches := make(chan []any)
	var wg sync.WaitGroup
	var failed atomic.Value
	for range benchSeedWorkers {
		wg.Go(func() {
			for batch := range batches {
				writes := make([]types.WriteRequest, 0, len(batch))
				for _, v := range batch {
					item, err := attributevalue.MarshalMap(v)
					if err != nil {
						failed.CompareAndSwap(nil, err)
						continue
					}
					writes = append(writes, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
				}
				if err := e.seed.batchWrite(context.Background(), writes); err != nil {
					failed.CompareAndSwap(nil, err)
				}
			}
		})
	}
	for start := 0; start < len(items); start += maxBatch {
		batches <- items[start:min(start+maxBatch, len(items))]
	}
	close(batches)
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatalf("seed: %v", err)
	}
}

// seedMonth gives month m its lines: size in all, the subscriptions'
// recurring lines included.
func (e *benchEnv) seedMonth(b *testing.B, m billing.Month, size int) {
	b.Helper()
	e.seedCharges(b, m, size-benchSubscriptions)
}

// deptLines is the number of lines the department statement has.
func deptLines(size int) int {
	n := 0
	for i := range benchSubscriptions {
		if i%10 != 9 {
			n++
		}
	}
	for i := range size - benchSubscriptions {
		if i%10 != 9 {
			n++
		}
	}
	return n
}

func mustBenchMonth(b *testing.B, s string) billing.Month {
	b.Helper()
	m, err := billing.ParseMonth(s)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkStatement reads one department's statement of an open month:
// its posted lines and the recurring lines its subscriptions would post.
func BenchmarkStatement(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("lines="+strconv.Itoa(size), func(b *testing.B) {
			e := newBenchEnv(b)
			m := mustBenchMonth(b, "2026-03")
			e.seedSubscriptions(b, benchSubscriptions)
			e.seedMonth(b, m, size)
			dept, _ := e.org.Catalog.Department(benchDept)
			ctx := context.Background()
			var st billing.Statement
			before := e.calls.snapshot()
			for b.Loop() {
				var err error
				if st, _, err = e.store.Statement(ctx, m, dept, e.org); err != nil {
					b.Fatal(err)
				}
			}
			e.calls.report(b, before, b.N)
			if want := deptLines(size); len(st.Lines) != want || st.Closed {
				b.Fatalf("statement: got %d lines (closed %v), want %d, open", len(st.Lines), st.Closed, want)
			}
			b.ReportMetric(float64(len(st.Lines)), "dept-lines")
		})
	}
}

// BenchmarkStatementClosed reads one department's statement of a closed
// month: its lines as frozen, checked against the recorded checksum.
func BenchmarkStatementClosed(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("lines="+strconv.Itoa(size), func(b *testing.B) {
			e := newBenchEnv(b)
			m := mustBenchMonth(b, "2026-02")
			e.seedSubscriptions(b, benchSubscriptions)
			e.seedMonth(b, m, size)
			ctx := context.Background()
			if _, err := e.store.CloseMonth(ctx, m, "bench", m.End(time.UTC), e.org); err != nil {
				b.Fatal(err)
			}
			dept, _ := e.org.Catalog.Department(benchDept)
			var st billing.Statement
			before := e.calls.snapshot()
			for b.Loop() {
				var err error
				if st, _, err = e.store.Statement(ctx, m, dept, e.org); err != nil {
					b.Fatal(err)
				}
			}
			e.calls.report(b, before, b.N)
			if want := deptLines(size); len(st.Lines) != want || !st.Closed {
				b.Fatalf("statement: got %d lines (closed %v), want %d, closed", len(st.Lines), st.Closed, want)
			}
			b.ReportMetric(float64(len(st.Lines)), "dept-lines")
		})
	}
}

// BenchmarkMonthStatements lists an open month's statements: every
// department's total and line count.
func BenchmarkMonthStatements(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("lines="+strconv.Itoa(size), func(b *testing.B) {
			e := newBenchEnv(b)
			m := mustBenchMonth(b, "2026-03")
			e.seedSubscriptions(b, benchSubscriptions)
			e.seedMonth(b, m, size)
			ctx := context.Background()
			var sums []billing.Summary
			before := e.calls.snapshot()
			for b.Loop() {
				var err error
				if _, sums, err = e.store.MonthStatements(ctx, m, e.org); err != nil {
					b.Fatal(err)
				}
			}
			e.calls.report(b, before, b.N)
			lines := 0
			for _, s := range sums {
				lines += s.Lines
			}
			if lines != size {
				b.Fatalf("month statements: got %d lines in %d statements, want %d", lines, len(sums), size)
			}
		})
	}
}

// BenchmarkCloseMonth closes a month: posts the subscriptions' recurring
// lines and freezes every statement. Each iteration closes a month of its
// own, seeded with its charges while the timer is stopped.
func BenchmarkCloseMonth(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("lines="+strconv.Itoa(size), func(b *testing.B) {
			e := newBenchEnv(b)
			e.seedSubscriptions(b, benchSubscriptions)
			m := mustBenchMonth(b, "2026-03")
			ctx := context.Background()
			var used usage
			var slowest time.Duration
			n := 0
			for b.Loop() {
				b.StopTimer()
				m = m.Next()
				e.seedMonth(b, m, size)
				before := e.calls.snapshot()
				start := time.Now()
				b.StartTimer()

				p, err := e.store.CloseMonth(ctx, m, "bench", m.End(time.UTC), e.org)

				b.StopTimer()
				slowest = max(slowest, time.Since(start))
				used.add(before, e.calls.snapshot())
				n++
				if err != nil {
					b.Fatal(err)
				}
				lines := 0
				for _, s := range p.Statements {
					lines += s.Lines
				}
				if p.Status != billing.PeriodClosed || lines != size {
					b.Fatalf("close %s: got %s with %d lines, want closed with %d", m, p.Status, lines, size)
				}
				b.StartTimer()
			}
			used.report(b, n)
			b.ReportMetric(float64(slowest.Milliseconds()), "slowest-ms")
		})
	}
}
