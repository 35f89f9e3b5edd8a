package dynamo

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/request"
	"chargeback/internal/satisfaction"
)

// The report benchmark runs on DynamoDB Local (make bench): the tallies of
// the service and department reports (Store.ReportBook) for one month and
// for twelve, each month with reportBenchPerMonth fulfilled one-time and
// hourly requests, spread over every such active service and every active
// department, and with survey counts for reportBenchSurveyed percent of
// them. Each request is seeded as its fulfilment would have written it
// (the request, its charge line and SLA credit, its fulfilment fact), in
// parallel batches; the survey counts are written as their totals per
// service and department rather than one survey at a time. The months are
// read open (computed from their facts), then closed with CloseMonth and
// read again (the figures the close froze).
//
// Besides time it reports the DynamoDB calls per report (ddb-calls/op),
// the items they return (items-read/op: the items of every Query page,
// and 1 per GetItem that found its item), the bytes of the response
// bodies (resp-KB/op), the read capacity DynamoDB says it consumed
// (rcu/op, when it says) and go-cpu-ms/op as the finance benchmarks do.
// The target: twelve months read no more than twelve times the items of
// one, and closed months far fewer.

const (
	reportBenchPerMonth = 10000
	reportBenchMonths   = 12
	// reportBenchSurveyed is the percentage of requests with a survey.
	reportBenchSurveyed = 60
)

// reportBenchFrom is the first seeded month.
var reportBenchFrom = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// readCounter counts the DynamoDB calls of a store and what they read.
type readCounter struct {
	calls, items, bytes atomic.Int64
	// milliRCU is the consumed read capacity DynamoDB reported, in
	// thousandths of a unit.
	milliRCU atomic.Int64
}

// readUsage is what a readCounter and the Go runtime counted up to a
// moment.
type readUsage struct {
	calls, items, bytes, milliRCU int64
	cpu                           time.Duration
}

func (c *readCounter) snapshot() readUsage {
	return readUsage{calls: c.calls.Load(), items: c.items.Load(), bytes: c.bytes.Load(), milliRCU: c.milliRCU.Load(), cpu: goCPU()}
}

// report reports what was read since before, per operation of n.
func (c *readCounter) report(b *testing.B, before readUsage, n int) {
	now := c.snapshot()
	per := func(v int64) float64 { return float64(v) / float64(n) }
	b.ReportMetric(per(now.calls-before.calls), "ddb-calls/op")
	b.ReportMetric(per(now.items-before.items), "items-read/op")
	b.ReportMetric(per(now.bytes-before.bytes)/1024, "resp-KB/op")
	if rcu := now.milliRCU - before.milliRCU; rcu > 0 {
		b.ReportMetric(per(rcu)/1000, "rcu/op")
	}
	b.ReportMetric(float64((now.cpu-before.cpu).Microseconds())/1000/float64(n), "go-cpu-ms/op")
}

// options adds the counting middleware to a client: calls at Initialize
// (once per call, whatever its retries), where reads are also asked to
// return their consumed capacity; items, bytes and capacity at
// Deserialize, from each response and its decoded output.
func (c *readCounter) options(o *dynamodb.Options) {
	calls := middleware.InitializeMiddlewareFunc("countCalls", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		c.calls.Add(1)
		switch p := in.Parameters.(type) {
		case *dynamodb.QueryInput:
			p.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
		case *dynamodb.GetItemInput:
			p.ReturnConsumedCapacity = types.ReturnConsumedCapacityTotal
		}
		return next.HandleInitialize(ctx, in)
	})
	reads := middleware.DeserializeMiddlewareFunc("countReads", func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		if resp, ok := out.RawResponse.(*smithyhttp.Response); ok && resp.ContentLength > 0 {
			c.bytes.Add(resp.ContentLength)
		}
		var used *types.ConsumedCapacity
		switch r := out.Result.(type) {
		case *dynamodb.QueryOutput:
			c.items.Add(int64(len(r.Items)))
			used = r.ConsumedCapacity
		case *dynamodb.GetItemOutput:
			if r.Item != nil {
				c.items.Add(1)
			}
			used = r.ConsumedCapacity
		}
		if used != nil && used.CapacityUnits != nil {
			c.milliRCU.Add(int64(*used.CapacityUnits * 1000))
		}
		return out, md, err
	})
	o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
		if err := s.Initialize.Add(calls, middleware.After); err != nil {
			return err
		}
		// Before: outside the operation's deserializer, so the output is
		// decoded by the time it returns.
		return s.Deserialize.Add(reads, middleware.Before)
	})
}

// reportBench is a bench table seeded with reportBenchMonths months, a
// store that reads it counted, and what the seed put in each month.
type reportBench struct {
	*benchEnv
	reader   *Store
	reads    *readCounter
	months   []billing.Month
	services []catalog.Service     // active one-time and hourly services
	active   []catalog.Department  // active departments
	surveys  map[billing.Month]int // survey responses, per month
}

func newReportBench(b *testing.B) *reportBench {
	b.Helper()
	env := newBenchEnv(b)
	rb := &reportBench{benchEnv: env, reads: &readCounter{}, surveys: map[billing.Month]int{}}
	rb.reader = New(NewLocalClient(os.Getenv("DYNAMODB_ENDPOINT"), rb.reads.options), env.store.table)
	for _, s := range env.org.Catalog.Services() {
		if s.Active && s.Pricing != catalog.Monthly {
			rb.services = append(rb.services, s)
		}
	}
	for _, d := range env.org.Catalog.Departments() {
		if d.Active {
			rb.active = append(rb.active, d)
		}
	}
	m := billing.MonthOf(reportBenchFrom, time.UTC)
	for range reportBenchMonths {
		rb.months = append(rb.months, m)
		m = m.Next()
	}
	return rb
}

// surveyCount is surveyCountItem as PostSurvey leaves it, with its type.
type surveyCount struct {
	surveyCountItem
	Type string `dynamodbav:"type"`
}

// seedMonth stores n requests submitted and fulfilled in month m, as
// their fulfilment would have stored them, and the survey counts of the
// surveyed ones. One in ten misses its SLA; a fifth of them are hourly.
func (rb *reportBench) seedMonth(b *testing.B, m billing.Month, n int) {
	b.Helper()
	start, end := m.Start(time.UTC), m.End(time.UTC)
	span := end.Sub(start) - 24*time.Hour
	items := make([]any, 0, 3*n+n/5)
	counts := map[string]*surveyCount{}
	count := func(sk string, score int) {
		c := counts[sk]
		if c == nil {
			c = &surveyCount{surveyCountItem: surveyCountItem{PK: surveysPK(m), SK: sk}, Type: "survey_count"}
			counts[sk] = c
		}
		c.Responses++
		c.ScoreSum += score
		if score >= 4 {
			c.Promoters++
		}
	}
	for i := range n {
		svc := rb.services[i%len(rb.services)]
		dept := rb.active[(i/len(rb.services)+i)%len(rb.active)]
		created := start.Add(span / time.Duration(n) * time.Duration(i)).Truncate(time.Millisecond)
		price, ok := svc.PriceOn(created.Format(time.DateOnly))
		if !ok {
			b.Fatalf("service %s has no price on %s", svc.ID, created)
		}
		due := created.Add(time.Duration(svc.SLAHours) * time.Hour)
		// Within the SLA at a tenth to nine tenths of it; one in ten at
		// one and a half times it; always within the month.
		took := time.Duration(svc.SLAHours) * time.Hour * time.Duration(1+i%9) / 10
		if i%10 == 9 {
			took = time.Duration(svc.SLAHours) * time.Hour * 3 / 2
		}
		done := created.Add(took)
		if last := end.Add(-time.Minute); done.After(last) {
			done = last
		}
		qty := decimal.NewFromInt(int64(1 + i%3))
		r := &request.Request{
			ID: request.NewID(created), Department: dept.ID, ServiceID: svc.ID, ServiceName: svc.Name,
			Pricing: svc.Pricing, Unit: svc.Unit, Fractional: svc.Fractional, Quantity: qty,
			QuotedUnitPrice: price, EstimatedCharge: billing.Round2(qty.Mul(price)), Status: request.Fulfilled,
			RequestedBy: "bench", CreatedAt: created, SLAHours: svc.SLAHours, SLADueAt: due,
			SLACreditPercent: svc.SLACreditPercent, FulfilledAt: done, FulfilledMonth: m, Version: 4,
		}
		if svc.Pricing == catalog.Hourly {
			r.FulfilledQuantity = qty.Add(decimal.New(5, -1))
		}
		p := r.Fulfilment().Posting(time.UTC)
		r.Post(p.Lines)
		items = append(items, toRequestItem(r), toFulfilledItem(r))
		for _, l := range p.Lines {
			if l.Month != m {
				b.Fatalf("request %s posts into %s, not %s", r.ID, l.Month, m)
			}
			items = append(items, toLineItem(l))
		}
		if i%100 < reportBenchSurveyed {
			score := 1 + (i*7/3)%5
			count("SVC#"+svc.ID, score)
			count("DEPT#"+dept.ID, score)
			rb.surveys[m]++
		}
	}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		items = append(items, counts[k])
	}
	rb.write(b, items)
}

// check fails unless book holds what the seed put in months: every
// request submitted and fulfilled, and every survey.
func (rb *reportBench) check(b *testing.B, months []billing.Month, book satisfaction.Book) {
	b.Helper()
	var svc, dept satisfaction.Tally
	for _, t := range book.Services {
		svc.Add(t)
	}
	for _, t := range book.Departments {
		dept.Add(t)
	}
	want, surveys := len(months)*reportBenchPerMonth, 0
	for _, m := range months {
		surveys += rb.surveys[m]
	}
	for _, got := range []struct {
		by string
		t  satisfaction.Tally
	}{{"service", svc}, {"department", dept}} {
		if got.t.Requests != want || got.t.Fulfilled != want || got.t.Responses != surveys {
			b.Fatalf("%d months by %s: %d requests, %d fulfilled, %d surveys; want %d, %d, %d",
				len(months), got.by, got.t.Requests, got.t.Fulfilled, got.t.Responses, want, want, surveys)
		}
	}
	if len(svc.Seconds) != want {
		b.Fatalf("%d months: %d fulfilment times, want %d", len(months), len(svc.Seconds), want)
	}
}

// sameBook fails unless a closed month's book is the open one's: the
// figures frozen by the close are those computed before it.
func sameBook(b *testing.B, what string, open, closed satisfaction.Book) {
	b.Helper()
	for _, part := range []struct {
		by           string
		open, closed map[string]satisfaction.Tally
	}{{"service", open.Services, closed.Services}, {"department", open.Departments, closed.Departments}} {
		if len(part.open) != len(part.closed) {
			b.Fatalf("%s: %d %s tallies open, %d closed", what, len(part.open), part.by, len(part.closed))
		}
		for k, o := range part.open {
			c := part.closed[k]
			same := o.Requests == c.Requests && o.Fulfilled == c.Fulfilled && o.SLAMet == c.SLAMet &&
				slices.Equal(slices.Sorted(slices.Values(o.Seconds)), slices.Sorted(slices.Values(c.Seconds))) &&
				o.Units.Equal(c.Units) && o.Charged.Equal(c.Charged) &&
				o.Credits.Equal(c.Credits) && o.Responses == c.Responses && o.ScoreSum == c.ScoreSum && o.Promoters == c.Promoters
			if !same {
				b.Fatalf("%s: %s %q differs closed: open %+v, closed %+v", what, part.by, k, o.Metrics(), c.Metrics())
			}
		}
	}
}

// BenchmarkReportBook reads the report tallies of one month and of twelve
// (months=N), open and closed, from one seeded table.
func BenchmarkReportBook(b *testing.B) {
	rb := newReportBench(b)
	ctx := context.Background()
	start := time.Now()
	for _, m := range rb.months {
		rb.seedMonth(b, m, reportBenchPerMonth)
	}
	// A parent benchmark's log is not shown: the first sub-benchmark of
	// each state logs how long its table took to prepare.
	note := fmt.Sprintf("seeded %d months × %d requests in %s", len(rb.months), reportBenchPerMonth, time.Since(start).Round(time.Millisecond))

	sizes := []int{1, reportBenchMonths}
	open := map[int]satisfaction.Book{}
	run := func(n int, state string) {
		months := rb.months[:n]
		b.Run("months="+strconv.Itoa(n)+"/"+state, func(b *testing.B) {
			if note != "" {
				b.Log(note)
				note = ""
			}
			var book satisfaction.Book
			before := rb.reads.snapshot()
			for b.Loop() {
				var err error
				if book, err = rb.reader.ReportBook(ctx, months[0], months[n-1], rb.org); err != nil {
					b.Fatal(err)
				}
			}
			rb.reads.report(b, before, b.N)
			rb.check(b, months, book)
			if state == "open" {
				open[n] = book
			} else if o, ok := open[n]; ok {
				sameBook(b, fmt.Sprintf("%d months", n), o, book)
			}
		})
	}
	for _, n := range sizes {
		run(n, "open")
	}

	start = time.Now()
	for _, m := range rb.months {
		p, err := rb.store.CloseMonth(ctx, m, "bench", m.End(time.UTC), rb.org)
		if err != nil {
			b.Fatal(err)
		}
		if p.Status != billing.PeriodClosed {
			b.Fatalf("close %s: %s", m, p.Status)
		}
	}
	note = fmt.Sprintf("closed %d months in %s", len(rb.months), time.Since(start).Round(time.Millisecond))
	for _, n := range sizes {
		run(n, "closed")
	}
}
