package systemtest

import (
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"chargeback/internal/apitest"
	"chargeback/internal/billing"
)

// raceRuns is how many times a race is run: CHARGEBACK_RACE_RUNS, else 24.
func raceRuns(t *testing.T) int {
	t.Helper()
	if s := os.Getenv("CHARGEBACK_RACE_RUNS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CHARGEBACK_RACE_RUNS=%q: want a whole number above 0", s)
		}
		return n
	}
	return 24
}

// askedLine fulfils a Radiology one-time request in month m (the clock
// set to its 5th) and opens an inquiry about its charge line, returning
// the inquiry's id.
func askedLine(t *testing.T, e *apitest.Env, m billing.Month) string {
	t.Helper()
	e.Clock.Set(m.Start(time.UTC).Add(4*24*time.Hour + 9*time.Hour))
	id := e.Create(t, apitest.Radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
	body := fmt.Sprintf(`{"month": %q, "line_id": "%s-charge", "reason": "returned"}`, m, id)
	return e.Must(t, 201, apitest.Radiology, "POST", "/v1/inquiries", body)["id"].(string)
}

// at runs calls at once, each after its own delay, and returns their
// answers in order.
func at(delays []time.Duration, calls ...func() apitest.Response) []apitest.Response {
	out := make([]apitest.Response, len(calls))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			time.Sleep(delays[i%len(delays)])
			out[i] = c()
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// TestResolveRacesClose: a credit resolve and the close of the inquiry's
// month, sent at once with shifting delays, again and again. The credit
// always lands exactly once: on the frozen statement of the month when the
// resolve won, in the next (current) month when the close did; never lost
// and never written into a closed month (every closed statement still
// matches its checksum). Odd runs close without carrying: such a close
// either meets the open inquiry (409) or comes after the resolve.
func TestResolveRacesClose(t *testing.T) {
	e := apitest.NewEnv(t)
	first, _ := billing.ParseMonth("2026-03")
	won := map[string]int{}
	for run := range raceRuns(t) {
		m := first
		for range run {
			m = m.Next()
		}
		t.Run(m.String(), func(t *testing.T) {
			id := askedLine(t, e, m)
			e.Clock.Set(m.End(time.UTC).Add(33 * time.Hour))
			carry := run%2 == 0
			shift := time.Duration(run/2%8) * 2 * time.Millisecond
			res := at([]time.Duration{0, shift},
				func() apitest.Response {
					return e.Do(t, apitest.Finance, "POST", "/v1/inquiries/"+id+"/resolve", `{"outcome": "credit", "amount": "10.00", "note": "one returned"}`)
				},
				func() apitest.Response {
					return e.Do(t, apitest.Finance, "POST", "/v1/periods/"+m.String()+"/close", fmt.Sprintf(`{"carry_open_inquiries": %v}`, carry))
				})
			resolved, closed := res[0], res[1]
			if resolved.Status != 200 {
				t.Fatalf("resolve: got %d %s", resolved.Status, resolved.Body)
			}
			switch {
			case closed.Status == 409 && !carry && closed.JSON(t)["code"] == "inquiries_open":
				e.Must(t, 200, apitest.Finance, "POST", "/v1/periods/"+m.String()+"/close", "")
			case closed.Status != 200:
				t.Fatalf("close: got %d %s", closed.Status, closed.Body)
			}
			q := resolved.JSON(t)
			line, into := q["adjustment_line_id"].(string), q["adjustment_month"].(string)
			won[fmt.Sprintf("carry=%v first=%s", carry, map[bool]string{true: "resolve", false: "close"}[into == m.String()])]++
			count := 0
			for _, month := range []billing.Month{m, m.Next()} {
				for _, l := range e.Lines(t, month.String(), "radiology") {
					if l.ID != line {
						continue
					}
					count++
					if month.String() != into || !l.Amount.Equal(dec(t, "-10.00")) {
						t.Errorf("credit %s: found in %s as %s, answered into %s", line, month, l.Amount, into)
					}
				}
			}
			if count != 1 {
				t.Fatalf("credit %s: on %d statements, want exactly 1", line, count)
			}
			frozen := readClosedMonth(t, e, m.String())
			onFrozen := false
			for _, l := range frozen.lines["radiology"] {
				onFrozen = onFrozen || l["line_id"] == line
			}
			if onFrozen != (into == m.String()) {
				t.Errorf("credit into %s, on %s's frozen statement: %v", into, m, onFrozen)
			}
			if into != m.String() {
				if p := e.Must(t, 200, apitest.Finance, "GET", "/v1/periods/"+into, ""); p["status"] != "open" {
					t.Errorf("the credit went into %s, which is %v", into, p["status"])
				}
			}
		})
	}
	t.Logf("who landed first: %v", won)
}

// TestCreditResolveRacedTwice: concurrent credit resolves of one inquiry
// grant one credit; the others are told the inquiry is no longer open.
func TestCreditResolveRacedTwice(t *testing.T) {
	e := apitest.NewEnv(t)
	march, _ := billing.ParseMonth("2026-03")
	for run := range 6 {
		id := askedLine(t, e, march)
		calls := make([]func() apitest.Response, 2+run)
		for i := range calls {
			amount := fmt.Sprintf("%d.00", i+1)
			calls[i] = func() apitest.Response {
				return e.Do(t, apitest.Finance, "POST", "/v1/inquiries/"+id+"/resolve", `{"outcome": "credit", "amount": "`+amount+`", "note": "raced"}`)
			}
		}
		won := 0
		for _, r := range at([]time.Duration{0, time.Millisecond, 0}, calls...) {
			switch {
			case r.Status == 200:
				won++
			case r.Status != 409 || r.JSON(t)["code"] != "invalid_transition":
				t.Errorf("a raced resolve: got %d %s, want 200 or 409 invalid_transition", r.Status, r.Body)
			}
		}
		credits := 0
		for _, l := range e.Lines(t, "2026-03", "radiology") {
			if l.ID == id+"-adjustment" {
				credits++
			}
		}
		if won != 1 || credits != 1 {
			t.Errorf("run %d: %d resolves answered 200 and %d credits posted, want 1 and 1", run, won, credits)
		}
	}
}

// TestConcurrentOpensOnOneLine: opens of inquiries about one line at once
// make one; with one Idempotency-Key every caller gets that one back.
func TestConcurrentOpensOnOneLine(t *testing.T) {
	e := apitest.NewEnv(t)
	for _, key := range []string{"", "same-key"} {
		id := e.Create(t, apitest.Radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
		e.Must(t, 200, apitest.Fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
		body := `{"month": "2026-03", "line_id": "` + id + `-charge", "reason": "which one?"}`
		calls := make([]func() apitest.Response, 8)
		for i := range calls {
			calls[i] = func() apitest.Response {
				if key == "" {
					return e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", body)
				}
				return e.Do(t, apitest.Radiology, "POST", "/v1/inquiries", body, "Idempotency-Key", key)
			}
		}
		ids := map[string]bool{}
		for _, r := range at([]time.Duration{0}, calls...) {
			switch {
			case r.Status == 201:
				ids[r.JSON(t)["id"].(string)] = true
			case key != "" || r.Status != 409 || r.JSON(t)["code"] != "inquiry_exists":
				t.Errorf("key %q: got %d %s", key, r.Status, r.Body)
			}
		}
		listed := e.Must(t, 200, apitest.Radiology, "GET", "/v1/inquiries?status=open", "")["items"].([]any)
		open := 0
		for _, it := range listed {
			if it.(map[string]any)["line_id"] == id+"-charge" {
				open++
			}
		}
		if len(ids) != 1 || open != 1 {
			t.Errorf("key %q: answered %d inquiries, %d open on the line, want 1 and 1", key, len(ids), open)
		}
	}
}
