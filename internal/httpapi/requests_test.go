package httpapi_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCreateQuotesThePriceOfTheDay(t *testing.T) {
	e := newEnv(t)
	got := e.create(t, radiology, `{"service_id": "after-hours-support", "quantity": "2.5", "note": "go-live weekend"}`)
	want := map[string]any{
		"department": "radiology", "service_id": "after-hours-support", "service_name": got["service_name"],
		"pricing": "hourly", "quantity": "2.5", "unit": "hour", "currency": "USD",
		// 2.5 h × 165.00 = 412.50; approval: none starts approved.
		"quoted_unit_price": "165.00", "estimated_charge": "412.50", "status": "approved", "overdue": false,
		"note": "go-live weekend", "created_at": "2026-03-02T09:00:00Z", "sla_due_at": "2026-03-02T13:00:00Z",
		"version": float64(1), "requested_by": "dana", "id": got["id"],
		"history": []any{map[string]any{"at": "2026-03-02T09:00:00Z", "by": "dana", "action": "create", "from": nil, "to": "approved"}},
		"charges": []any{}, "survey": nil, "budget": nil,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("created request (-want +got):\n%s", diff)
	}
	// Only the create answers the budget block.
	delete(got, "budget")
	read := e.must(t, 200, radiology, "GET", "/v1/requests/"+got["id"].(string), "")
	if diff := cmp.Diff(got, read); diff != "" {
		t.Errorf("read back (-created +read):\n%s", diff)
	}

	// The price rises to 175.00 on 2026-07-01; the quote made before stays.
	e.clock.Set(time.Date(2026, 7, 2, 10, 0, 0, 0, time.UTC))
	id := got["id"].(string)
	done := e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", `{"quantity": 3.25, "fulfilled_at": "2026-07-02T09:00:00Z"}`)
	// 3.25 × 165.00 = 536.25; fulfilled 4 months late against a 4 h SLA: a
	// 25% credit of 536.25 = 134.0625 → −134.06.
	charges := done["charges"].([]any)
	wantCharges := []any{
		map[string]any{"line_id": id + "-charge", "kind": "charge", "month": "2026-07", "amount": "536.25"},
		map[string]any{"line_id": id + "-sla-credit", "kind": "sla_credit", "month": "2026-07", "amount": "-134.06"},
	}
	if diff := cmp.Diff(wantCharges, charges); diff != "" {
		t.Errorf("charges (-want +got):\n%s", diff)
	}
	stored := e.lines(t, "2026-07", "radiology")
	if len(stored) != 2 {
		t.Fatalf("stored lines: got %d, want 2", len(stored))
	}
	if got := stored[0].UnitPrice.String() + " " + stored[0].Quantity.String() + " " + stored[0].Amount.String(); got != "165 3.25 536.25" {
		t.Errorf("charge line: got %q, want %q", got, "165 3.25 536.25")
	}
}

func TestTransitionsThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	// path brings a new vpn-access (monthly, approval required) request to a status.
	path := map[string][]string{
		"submitted": {}, "approved": {"approve"}, "in_progress": {"approve", "start"},
		"fulfilled": {"approve", "fulfill"}, "ended": {"approve", "fulfill", "end"},
		"cancelled": {"cancel"}, "rejected": {"reject"},
	}
	bodies := map[string]string{"reject": `{"reason": "duplicate"}`, "cancel": `{"reason": "no longer needed"}`, "patch": `{"quantity": 4}`}
	allowed := map[string][]string{
		"submitted":   {"patch", "cancel", "approve", "reject"},
		"approved":    {"patch", "cancel", "reject", "start", "fulfill"},
		"in_progress": {"cancel", "fulfill"},
		"fulfilled":   {"end"},
	}
	act := func(t *testing.T, id, action string) response {
		if action == "patch" {
			return e.do(t, radiology, "PATCH", "/v1/requests/"+id, bodies[action])
		}
		who := fulfiller
		if action == "end" {
			who = radiology
		}
		return e.do(t, who, "POST", "/v1/requests/"+id+"/"+action, bodies[action])
	}
	for from, steps := range path {
		for _, action := range []string{"patch", "cancel", "approve", "reject", "start", "fulfill", "end"} {
			t.Run(from+"/"+action, func(t *testing.T) {
				id := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 3}`)["id"].(string)
				for _, step := range steps {
					if res := act(t, id, step); res.status != 200 {
						t.Fatalf("step %s: %d %s", step, res.status, res.body)
					}
				}
				before := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, "")
				res := act(t, id, action)
				ok := false
				for _, a := range allowed[from] {
					ok = ok || a == action
				}
				if !ok {
					if res.status != http.StatusConflict || res.json(t)["current_status"] != from {
						t.Fatalf("got %d %s, want 409 naming %s", res.status, res.body, from)
					}
					after := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, "")
					if diff := cmp.Diff(before, after); diff != "" {
						t.Errorf("a refused action changed the request:\n%s", diff)
					}
					return
				}
				if res.status != 200 {
					t.Fatalf("got %d %s, want 200", res.status, res.body)
				}
				got := res.json(t)
				history := got["history"].([]any)
				last := history[len(history)-1].(map[string]any)
				if got["version"].(float64) != before["version"].(float64)+1 || last["from"] != from {
					t.Errorf("version %v history %v, want version +1 and an entry from %s", got["version"], last, from)
				}
			})
		}
	}
}

func TestIdempotentCreate(t *testing.T) {
	e := newEnv(t)
	body := `{"service_id": "data-extract", "quantity": 1}`
	first := e.do(t, radiology, "POST", "/v1/requests", body, "Idempotency-Key", "k-1")
	if first.status != 201 {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	e.clock.Set(testNow.Add(23 * time.Hour))
	tests := []struct {
		name       string
		who        caller
		body, key  string
		wantStatus int
		wantSame   bool
	}{
		{"same body replays", radiology, body, "k-1", 201, true},
		{"same content spelled differently replays", radiology, `{"quantity": "1.00", "service_id": "data-extract"}`, "k-1", 201, true},
		{"other body is refused", radiology, `{"service_id": "data-extract", "quantity": 2}`, "k-1", 422, false},
		{"other caller, same key, is a new request", pharmacy, body, "k-1", 201, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, "POST", "/v1/requests", tt.body, "Idempotency-Key", tt.key)
			if res.status != tt.wantStatus {
				t.Fatalf("got %d, want %d\n%s", res.status, tt.wantStatus, res.body)
			}
			if same := res.body == first.body; same != tt.wantSame {
				t.Errorf("same body as the first response: got %v, want %v", same, tt.wantSame)
			}
			if tt.wantSame && res.headers["Location"] != first.headers["Location"] {
				t.Errorf("Location: got %q, want %q", res.headers["Location"], first.headers["Location"])
			}
			if tt.wantStatus == 422 && res.json(t)["code"] != "idempotency_key_reused" {
				t.Errorf("code: got %v", res.json(t)["code"])
			}
		})
	}
	// After 24 hours the key is free again, even before TTL deletes the record.
	e.clock.Set(testNow.Add(24*time.Hour + time.Second))
	again := e.create(t, radiology, body, "Idempotency-Key", "k-1")
	if again["id"] == first.json(t)["id"] {
		t.Error("an expired key replayed the old response")
	}
}

func TestConcurrentCreatesWithOneKeyMakeOneRequest(t *testing.T) {
	e := newEnv(t)
	const n = 20
	var wg sync.WaitGroup
	results := make([]response, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = e.do(t, fulfiller, "POST", "/v1/requests", `{"service_id": "barcode-scanner", "quantity": 2, "department": "pharmacy"}`, "Idempotency-Key", "burst")
		}()
	}
	wg.Wait()
	ids := map[string]int{}
	for _, r := range results {
		if r.status != 201 {
			t.Fatalf("got %d, want 201 for every create\n%s", r.status, r.body)
		}
		ids[r.json(t)["id"].(string)]++
	}
	if len(ids) != 1 {
		t.Errorf("distinct ids answered: got %d, want 1 (%v)", len(ids), ids)
	}
	list := e.must(t, 200, fulfiller, "GET", "/v1/requests?department=pharmacy", "")
	if n := len(list["items"].([]any)); n != 1 {
		t.Errorf("requests stored: got %d, want 1", n)
	}
}

func TestConcurrentFulfilsPostOneCharge(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 3}`)["id"].(string)
	e.clock.Set(testNow.Add(time.Hour))
	const n = 10
	var wg sync.WaitGroup
	statuses := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do(t, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "").status
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, s := range statuses {
		count[s]++
	}
	if count[200] != 1 || count[409] != n-1 {
		t.Errorf("statuses: got %v, want one 200 and %d 409", count, n-1)
	}
	lines := e.lines(t, "2026-03", "radiology")
	if len(lines) != 1 {
		t.Fatalf("charge lines: got %d, want 1", len(lines))
	}
	// 3 × 289.00 = 867.00, within the 72 h SLA: no credit.
	if got := lines[0].Amount.String(); got != "867" {
		t.Errorf("amount: got %s, want 867", got)
	}
}

func TestFulfilIntoAClosedMonthWritesNothing(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	e.closeMonth(t, "2026-03")
	before := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, "")
	e.clock.Set(testNow.Add(2 * time.Hour))
	res := e.do(t, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", `{"fulfilled_at": "2026-03-02T10:00:00Z"}`)
	if res.status != 409 || res.json(t)["code"] != "period_closed" {
		t.Fatalf("got %d %s, want 409 period_closed", res.status, res.body)
	}
	after := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, "")
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the request changed:\n%s", diff)
	}
	if n := len(e.lines(t, "2026-03", "radiology")); n != 0 {
		t.Errorf("lines written: got %d, want 0", n)
	}
	// April is open: fulfilling there posts into April, 29 days late
	// against a 72 h SLA: 289.00 and a 5% credit of −14.45.
	e.clock.Set(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
	var got []string
	for _, l := range e.lines(t, "2026-04", "radiology") {
		got = append(got, string(l.Kind)+" "+l.Amount.String())
	}
	if diff := cmp.Diff([]string{"charge 289", "sla_credit -14.45"}, got); diff != "" {
		t.Errorf("April lines (-want +got):\n%s", diff)
	}
}
