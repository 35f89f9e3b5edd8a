package httpapi_test

import (
	"fmt"
	"testing"
)

// The request benchmarks run on DynamoDB Local (make bench) and report the
// DynamoDB calls each operation makes: the target is one write per
// mutation and at most one read before it.

func BenchmarkCreateRequest(b *testing.B) {
	e := newEnv(b)
	e.calls.Store(0)
	for b.Loop() {
		e.create(b, radiology, `{"service_id": "data-extract", "quantity": 2}`)
	}
	b.ReportMetric(float64(e.calls.Load())/float64(b.N), "ddb-calls/op")
}

func BenchmarkCreateRequestIdempotent(b *testing.B) {
	e := newEnv(b)
	i := 0
	e.calls.Store(0)
	for b.Loop() {
		i++
		e.create(b, radiology, `{"service_id": "data-extract", "quantity": 2}`, "Idempotency-Key", fmt.Sprint("bench-", i))
	}
	b.ReportMetric(float64(e.calls.Load())/float64(b.N), "ddb-calls/op")
}

func BenchmarkFulfilRequest(b *testing.B) {
	e := newEnv(b)
	ids := make([]string, 0, 1024)
	next := 0
	e.calls.Store(0)
	var calls int64
	for b.Loop() {
		if next == len(ids) {
			b.StopTimer()
			ids, next = ids[:0], 0
			for range cap(ids) / 8 {
				ids = append(ids, e.create(b, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string))
			}
			b.StartTimer()
		}
		before := e.calls.Load()
		e.must(b, 200, fulfiller, "POST", "/v1/requests/"+ids[next]+"/fulfill", "")
		calls += e.calls.Load() - before
		next++
	}
	b.ReportMetric(float64(calls)/float64(b.N), "ddb-calls/op")
}

func BenchmarkGetRequest(b *testing.B) {
	e := newEnv(b)
	id := e.create(b, radiology, `{"service_id": "data-extract", "quantity": 2}`)["id"].(string)
	e.calls.Store(0)
	for b.Loop() {
		e.must(b, 200, radiology, "GET", "/v1/requests/"+id, "")
	}
	b.ReportMetric(float64(e.calls.Load())/float64(b.N), "ddb-calls/op")
}

func BenchmarkListRequests(b *testing.B) {
	e := newEnv(b)
	for range 60 {
		e.create(b, radiology, `{"service_id": "data-extract", "quantity": 2}`)
	}
	e.calls.Store(0)
	for b.Loop() {
		e.must(b, 200, fulfiller, "GET", "/v1/requests?limit=50", "")
	}
	b.ReportMetric(float64(e.calls.Load())/float64(b.N), "ddb-calls/op")
}
