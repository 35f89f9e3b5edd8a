package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/shopspring/decimal"

	"chargeback/catalog"
	"chargeback/internal/billing"
	"chargeback/internal/dynamo"
	"chargeback/internal/request"
)

// lambdaResponseLimit is the most a synchronous Lambda function may
// return: the API Gateway response as JSON, body included (base64 when
// compressed, with its quotes escaped when not).
const lambdaResponseLimit = 6 << 20

// BenchmarkStatementResponse serves one department's statement of an open
// month with 1,000 and 10,000 posted lines, as JSON, to a client that does
// not take gzip and to one that does. Besides time and DynamoDB calls it
// reports the JSON body's size (json-bytes), the body as sent (wire-bytes:
// the gzip stream when compressed) and the response Lambda returns to API
// Gateway (lambda-bytes), which must stay under 6 MB, and go-cpu-ms/op,
// the CPU the Go side spent (reading, encoding, compressing), as the Go
// runtime estimates it.
//
// The lines are one-time charges with the catalog's service names, posted
// through the store (PostLine) by several goroutines; the subscriptions'
// recurring lines are alike in size (a "days" number instead of null).
// The /desc=500 cases post the same number of adjustments with the
// longest description the API accepts (500 characters): the worst case.
func BenchmarkStatementResponse(b *testing.B) {
	for _, size := range []int{1000, 10000} {
		for _, long := range []bool{false, true} {
			name := "lines=" + strconv.Itoa(size)
			if long {
				name += "/desc=500"
			}
			b.Run(name, func(b *testing.B) {
				e := newEnv(b)
				seedStatement(b, e, "2026-03", "radiology", size, long)
				for _, enc := range []string{"identity", "gzip"} {
					b.Run("encoding="+enc, func(b *testing.B) {
						var headers []string
						if enc == "gzip" {
							headers = []string{"Accept-Encoding", "gzip, deflate, br"}
						}
						var res response
						e.calls.Store(0)
						cpu := goCPU()
						for b.Loop() {
							res = e.do(b, finance, "GET", "/v1/statements/2026-03/radiology", "", headers...)
						}
						b.ReportMetric(float64((goCPU()-cpu).Microseconds())/1000/float64(b.N), "go-cpu-ms/op")
						b.ReportMetric(float64(e.calls.Load())/float64(b.N), "ddb-calls/op")
						// The worst case does not fit a Lambda response
						// uncompressed: the API asks for gzip instead.
						if tooBig := long && size == 10000 && enc == "identity"; tooBig {
							if res.status != 406 || !strings.Contains(res.body, "response_too_large") {
								b.Fatalf("statement: got %d %.300s, want 406 response_too_large", res.status, res.body)
							}
							return
						}
						if res.status != 200 {
							b.Fatalf("statement: got %d %.300s", res.status, res.body)
						}
						reportSizes(b, res, size, enc == "gzip")
					})
				}
			})
		}
	}
}

// reportSizes checks the statement response and reports its sizes.
func reportSizes(b *testing.B, res response, lines int, gzipped bool) {
	b.Helper()
	body := res.body
	if gzipped {
		if res.headers["Content-Encoding"] != "gzip" {
			b.Fatalf("a client taking gzip got Content-Encoding %q", res.headers["Content-Encoding"])
		}
		raw, err := base64.StdEncoding.DecodeString(res.body)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(raw)), "wire-bytes")
		if body, err = gunzip(raw); err != nil {
			b.Fatal(err)
		}
	} else {
		if res.headers["Content-Encoding"] != "" {
			b.Fatalf("a client not taking gzip got Content-Encoding %q", res.headers["Content-Encoding"])
		}
		b.ReportMetric(float64(len(body)), "wire-bytes")
	}
	var st struct {
		Lines []json.RawMessage `json:"lines"`
	}
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		b.Fatal(err)
	}
	if len(st.Lines) != lines {
		b.Fatalf("statement: got %d lines, want %d", len(st.Lines), lines)
	}
	b.ReportMetric(float64(len(body)), "json-bytes")
	payload, err := json.Marshal(events.APIGatewayV2HTTPResponse{
		StatusCode: res.status, Headers: res.headers, Body: res.body, IsBase64Encoded: gzipped,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(payload)), "lambda-bytes")
	if len(payload) > lambdaResponseLimit {
		b.Logf("%d lines, gzip %v: the Lambda response is %d bytes, over the %d-byte limit", lines, gzipped, len(payload), lambdaResponseLimit)
	}
}

// seedStatement posts n lines into one department's month through the
// store, several at a time: one-time charges, or adjustments with a
// 500-character description when long.
func seedStatement(b *testing.B, e *env, month, dept string, n int, long bool) {
	b.Helper()
	m, err := billing.ParseMonth(month)
	if err != nil {
		b.Fatal(err)
	}
	var services []catalog.Service
	for _, s := range catalog.Load().Services() {
		if s.Active && s.Pricing == catalog.OneTime {
			services = append(services, s)
		}
	}
	description := strings.Repeat("Credit for downtime of the reading-room workstations; ", 10)[:500]
	lines := make(chan billing.Line)
	var wg sync.WaitGroup
	var once sync.Once
	var failed error
	for range 8 {
		wg.Go(func() {
			for l := range lines {
				if err := postLine(e.store, l); err != nil {
					once.Do(func() { failed = err })
				}
			}
		})
	}
	start := m.Start(time.UTC)
	for i := range n {
		at := start.Add(time.Duration(i) * time.Second)
		id := request.NewID(at)
		if long {
			lines <- billing.Line{
				ID: "adj-" + id, Month: m, Department: dept, Kind: billing.KindAdjustment,
				ServiceID: services[i%len(services)].ID, Description: description,
				Amount: decimal.New(-int64(1+i%5000), -2), PostedAt: at,
			}
			continue
		}
		svc := services[i%len(services)]
		price, ok := svc.PriceOn(at.Format(time.DateOnly))
		if !ok {
			b.Fatalf("service %s has no price on %s", svc.ID, at)
		}
		qty := decimal.NewFromInt(int64(1 + i%3))
		lines <- billing.Line{
			ID: id + "-charge", Month: m, Department: dept, Kind: billing.KindCharge,
			RequestID: id, ServiceID: svc.ID, ServiceName: svc.Name, Description: svc.Name,
			Quantity: qty, Unit: svc.Unit, UnitPrice: price, Amount: billing.Round2(qty.Mul(price)), PostedAt: at,
		}
	}
	close(lines)
	wg.Wait()
	if failed != nil {
		b.Fatalf("seed: %v", failed)
	}
}

// postLine posts one line, again while another post to the month holds
// the month's period item.
func postLine(store *dynamo.Store, l billing.Line) error {
	var err error
	for range 20 {
		if _, err = store.PostLine(context.Background(), l, nil); err == nil || errors.Is(err, dynamo.ErrPeriodClosed) || errors.Is(err, dynamo.ErrLinePosted) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return err
}

// gunzip decompresses a gzip stream.
func gunzip(raw []byte) (string, error) {
	r, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return "", err
	}
	out, err := io.ReadAll(r)
	return string(out), err
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
