package httpapi_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestMultiRoleCallersKeepToTheirRole(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)
	pharmacyLead := caller{"sub": "pat", "groups": "[requester leadership]", "department": "pharmacy"}
	pharmacyFinance := caller{"sub": "pat", "groups": "[requester finance]", "department": "pharmacy"}
	tests := []struct {
		name         string
		who          caller
		method, path string
		body         string
		want         int
	}{
		{"leadership reads any request", pharmacyLead, "GET", id, "", 200},
		{"but patches only its own department's", pharmacyLead, "PATCH", id, `{"quantity": 2}`, 404},
		{"and cancels only its own", pharmacyLead, "POST", id + "/cancel", `{}`, 404},
		{"finance patches only its own", pharmacyFinance, "PATCH", id, `{"quantity": 2}`, 404},
		{"finance cancels only its own", pharmacyFinance, "POST", id + "/cancel", `{}`, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := e.do(t, tt.who, tt.method, "/v1/requests/"+tt.path, tt.body); res.status != tt.want {
				t.Errorf("got %d, want %d\n%s", res.status, tt.want, res.body)
			}
		})
	}
	if got := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, ""); got["version"].(float64) != 1 {
		t.Errorf("the request changed: version %v", got["version"])
	}
	// Requester and leadership files for its own department; finance may name one.
	if got := e.create(t, pharmacyLead, `{"service_id": "vpn-access", "quantity": 1}`); got["department"] != "pharmacy" {
		t.Errorf("department: got %v, want pharmacy", got["department"])
	}
	if got := e.create(t, pharmacyFinance, `{"service_id": "vpn-access", "quantity": 1, "department": "oncology"}`); got["department"] != "oncology" {
		t.Errorf("department: got %v, want oncology", got["department"])
	}
}

func TestRequesterClaimsMustNameAnActiveDepartment(t *testing.T) {
	e := newEnv(t)
	for _, dept := range []string{"astrology", "journal", "transcription"} {
		t.Run(dept, func(t *testing.T) {
			who := caller{"sub": "x", "groups": "[requester]", "department": dept}
			if res := e.do(t, who, "POST", "/v1/requests", `{"service_id": "vpn-access", "quantity": 1}`); res.status != 403 {
				t.Errorf("got %d, want 403\n%s", res.status, res.body)
			}
		})
	}
}

func TestForgedInputNeverAnswers500(t *testing.T) {
	e := newEnv(t)
	for range 3 {
		e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)
	}
	forge := func(json string) string { return base64.RawURLEncoding.EncodeToString([]byte(json)) }
	tests := []struct {
		name, target string
		want         int
	}{
		{"long id", "/v1/requests/" + strings.Repeat("A", 3000), 404},
		{"id with odd characters", "/v1/requests/..%2F..", 404},
		{"forged cursor keys", "/v1/requests?cursor=" + forge(`{"i":"GSI2","p":"REQUESTS","k":{"a":"1","b":"2","c":"3","d":"4"}}`), 400},
		{"forged cursor values", "/v1/requests?cursor=" + forge(`{"i":"GSI2","p":"REQUESTS","k":{"PK":"x","SK":"y","GSI2PK":"REQUESTS","GSI2SK":"z"}}`), 400},
		{"cursor of another list", "/v1/requests?status=submitted&cursor=" + forge(`{"i":"GSI1","p":"DEPT#radiology","k":{}}`), 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := e.do(t, fulfiller, "GET", tt.target, ""); res.status != tt.want {
				t.Errorf("got %d, want %d\n%s", res.status, tt.want, res.body)
			}
		})
	}
}

func TestFilteredListsReadInBatches(t *testing.T) {
	e := newEnv(t)
	for i := range 40 {
		e.clock.Set(testNow.Add(time.Duration(i) * time.Second))
		e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)
	}
	e.calls.Store(0)
	body := e.must(t, 200, fulfiller, "GET", "/v1/requests?status=fulfilled&limit=1", "")
	if n := len(body["items"].([]any)); n != 0 {
		t.Errorf("items: got %d, want 0", n)
	}
	if calls := e.calls.Load(); calls != 1 {
		t.Errorf("DynamoDB calls for a filtered page: got %d, want 1", calls)
	}
}

func TestReplayKeepsTheHeaders(t *testing.T) {
	e := newEnv(t)
	body := `{"service_id": "data-extract", "quantity": 1}`
	first := e.do(t, radiology, "POST", "/v1/requests", body, "Idempotency-Key", "h")
	again := e.do(t, radiology, "POST", "/v1/requests", body, "Idempotency-Key", "h")
	for _, h := range []string{"Location", "ETag", "Content-Type"} {
		if first.headers[h] == "" || again.headers[h] != first.headers[h] {
			t.Errorf("%s: first %q, replay %q", h, first.headers[h], again.headers[h])
		}
	}
	if again.headers["Idempotent-Replayed"] != "true" {
		t.Error("a replay is not marked Idempotent-Replayed")
	}
}

func TestDefaultTimesAreWholeSeconds(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(testNow.Add(1500 * time.Millisecond))
	id := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	e.clock.Set(testNow.Add(time.Hour + 700*time.Millisecond))
	got := e.must(t, 200, fulfiller, "POST", "/v1/requests/"+id+"/fulfill", "")
	if got["created_at"] != "2026-03-02T09:00:01Z" || got["fulfilled_at"] != "2026-03-02T10:00:00Z" {
		t.Errorf("got created %v, fulfilled %v", got["created_at"], got["fulfilled_at"])
	}
}
