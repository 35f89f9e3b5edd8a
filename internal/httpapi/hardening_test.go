package httpapi_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
)

// TestOnlyAGroupThatIsExactlyARoleGrantsIt: group names with spaces or
// commas, or that merely contain a role's name, grant nothing.
func TestOnlyAGroupThatIsExactlyARoleGrantsIt(t *testing.T) {
	mapped, err := httpapi.ConfigFromEnv(func(k string) string {
		return map[string]string{"CHARGEBACK_ROLE_GROUPS": "finance=it-finance, fulfiller=it-service-desk"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		cfg    httpapi.Config
		groups string
		want   int
	}{
		{"the role itself", testConfig(), "[finance]", 400},
		{"among others", testConfig(), "[readers finance]", 400},
		{"as a JSON array", testConfig(), `["readers","finance"]`, 400},
		{"a group with a space, as JSON", testConfig(), `["finance readonly"]`, 403},
		{"a group with a comma", testConfig(), "[x,finance]", 403},
		{"a group with a comma, as JSON", testConfig(), `["x,finance"]`, 403},
		{"a plain string with a space", testConfig(), "finance readonly", 403},
		{"a plain string with a comma", testConfig(), "x,finance", 403},
		{"another case", testConfig(), "[Finance]", 403},
		{"a prefix", testConfig(), "[finance-team]", 403},
		{"unclosed bracket", testConfig(), "[finance", 403},
		{"a mapped group", mapped, "[it-finance]", 400},
		{"a mapped role's own name no longer grants it", mapped, "[finance]", 403},
		{"an unmapped role still goes by its name", mapped, "[leadership]", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := httpapi.New(tt.cfg, catalog.Load(), nil, func() time.Time { return testNow }, slog.New(slog.NewTextHandler(io.Discard, nil)))
			who := caller{"sub": "x", "groups": tt.groups}
			// A finance route with a bad month: 400 once past the role check.
			if res := call(t, api.Handler(""), api.Routes(), who, "GET", "/v1/periods/2026-13", ""); res.status != tt.want {
				t.Errorf("got %d, want %d\n%s", res.status, tt.want, res.body)
			}
		})
	}
}

func TestRoleGroupsSetting(t *testing.T) {
	for _, bad := range []string{"admin=it-admins", "finance", "finance=", "finance=x,leadership=x", "finance=leadership"} {
		if _, err := httpapi.ConfigFromEnv(func(k string) string {
			return map[string]string{"CHARGEBACK_ROLE_GROUPS": bad}[k]
		}); err == nil {
			t.Errorf("%q: got no error", bad)
		}
	}
}

// TestClaimsThatCannotBeKeys: a claim that would become a key or be stored
// is checked first, so DynamoDB never sees an oversized value.
func TestClaimsThatCannotBeKeys(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("x", 3000)
	tests := []struct {
		name         string
		who          caller
		method, path string
		body         string
		want         int
	}{
		{"a 3,000-character department lists", caller{"sub": "d", "groups": "[requester]", "department": long}, "GET", "/v1/requests", "", 403},
		{"a 3,000-character department files", caller{"sub": "d", "groups": "[requester]", "department": long}, "POST", "/v1/requests", `{"service_id": "vpn-access", "quantity": 1}`, 403},
		{"a 3,000-character department reads", caller{"sub": "d", "groups": "[requester]", "department": long}, "GET", "/v1/requests/01JNQX3Z5Y0000000000000000", "", 403},
		{"a 200 KB subject", caller{"sub": strings.Repeat("s", 200<<10), "groups": "[finance]"}, "GET", "/v1/requests", "", 401},
		{"a 257-character subject", caller{"sub": strings.Repeat("s", 257), "groups": "[finance]"}, "GET", "/v1/services", "", 401},
		{"a blank subject", caller{"sub": "   ", "groups": "[finance]"}, "GET", "/v1/services", "", 401},
		{"a 256-character subject is fine", caller{"sub": strings.Repeat("s", 256), "groups": "[finance]"}, "GET", "/v1/requests", "", 200},
		{"a cursor with 3,000-byte keys", fulfiller, "GET", "/v1/requests?cursor=" + base64.RawURLEncoding.EncodeToString([]byte(
			`{"i":"GSI2","p":"REQUESTS","k":{"PK":"REQ#`+long+`","SK":"REQUEST","GSI2PK":"REQUESTS","GSI2SK":"2026-03-02T09:00:00.000000000Z#`+long+`"}}`)), "", 400},
		{"a fulfiller's department claim is not a key", caller{"sub": "f", "groups": "[fulfiller]", "department": long}, "GET", "/v1/requests", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if res := e.do(t, tt.who, tt.method, tt.path, tt.body); res.status != tt.want {
				t.Errorf("got %d, want %d\n%.300s", res.status, tt.want, res.body)
			}
		})
	}
}

// TestBodiesTwoParsersCouldReadDifferently: duplicate keys and keys in
// another case are refused, naming the field, and nothing is written.
func TestBodiesTwoParsersCouldReadDifferently(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id": "data-extract", "quantity": 1}`)["id"].(string)
	tests := []struct {
		name, method, path, body, field string
	}{
		{"duplicate quantity", "POST", "/v1/requests", `{"service_id": "vpn-access", "quantity": 1, "quantity": 100}`, "quantity"},
		{"duplicate service", "POST", "/v1/requests", `{"service_id": "vpn-access", "service_id": "ehr-licence", "quantity": 1}`, "service_id"},
		{"upper case", "POST", "/v1/requests", `{"SERVICE_ID": "vpn-access", "quantity": 1}`, "SERVICE_ID"},
		{"title case", "POST", "/v1/requests", `{"service_id": "vpn-access", "Quantity": 1}`, "Quantity"},
		{"escaped duplicate", "POST", "/v1/requests", `{"service_id": "vpn-access", "quantity": 1, "quantit\u0079": 2}`, "quantity"},
		{"patch duplicate", "PATCH", "/v1/requests/" + id, `{"quantity": 2, "quantity": 3}`, "quantity"},
		{"patch upper case", "PATCH", "/v1/requests/" + id, `{"NOTE": "x"}`, "NOTE"},
		{"cancel duplicate reason", "POST", "/v1/requests/" + id + "/cancel", `{"reason": "a", "reason": "b"}`, "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, radiology, tt.method, tt.path, tt.body)
			if res.status != 400 || !strings.Contains(fmt.Sprint(res.json(t)["errors"]), "field:"+tt.field+" ") {
				t.Errorf("got %d %s, want 400 naming %s", res.status, res.body, tt.field)
			}
		})
	}
	if n := len(e.must(t, 200, finance, "GET", "/v1/requests", "")["items"].([]any)); n != 1 {
		t.Errorf("requests stored: got %d, want 1", n)
	}
	if v := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, "")["version"]; v != float64(1) {
		t.Errorf("the request changed: version %v", v)
	}
}

// TestFreeTextIsText: control characters other than newline and tab, and
// marks that reorder text, are refused in every free-text field.
func TestFreeTextIsText(t *testing.T) {
	e := newEnv(t)
	id := e.create(t, radiology, `{"service_id": "data-extract", "quantity": 1, "note": "line one\nline\ttwo"}`)["id"].(string)
	bad := map[string]string{"NUL": `\u0000`, "escape": `\u001b[31m`, "bell": `\u0007`, "carriage return": `\r`, "C1": `\u0085`, "RLO": `\u202e`, "LRI": `\u2066`, "RLM": `\u200f`}
	for name, s := range bad {
		for _, r := range []struct{ method, path, body, field string }{
			{"POST", "/v1/requests", `{"service_id": "data-extract", "quantity": 1, "note": "a` + s + `b"}`, "note"},
			{"PATCH", "/v1/requests/" + id, `{"note": "a` + s + `b"}`, "note"},
			{"POST", "/v1/requests/" + id + "/cancel", `{"reason": "a` + s + `b"}`, "reason"},
		} {
			t.Run(name+" in "+r.field+" "+r.method, func(t *testing.T) {
				res := e.do(t, radiology, r.method, r.path, r.body)
				if res.status != 400 || !strings.Contains(fmt.Sprint(res.json(t)["errors"]), "field:"+r.field) {
					t.Errorf("got %d %s, want 400 naming %s", res.status, res.body, r.field)
				}
			})
		}
	}
	if got := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, ""); got["version"] != float64(1) || got["note"] != "line one\nline\ttwo" {
		t.Errorf("got version %v note %q", got["version"], got["note"])
	}
}

func TestWholeUnitsAreWhole(t *testing.T) {
	e := newEnv(t)
	for _, body := range []string{
		`{"service_id": "vpn-access", "quantity": 1.5}`,
		`{"service_id": "barcode-scanner", "quantity": "0.5"}`,
	} {
		if res := e.do(t, radiology, "POST", "/v1/requests", body); res.status != 400 || !strings.Contains(res.body, "whole") {
			t.Errorf("%s: got %d %s, want 400", body, res.status, res.body)
		}
	}
	e.create(t, radiology, `{"service_id": "backup-storage", "quantity": 1.5}`)
	e.create(t, radiology, `{"service_id": "vpn-access", "quantity": "2.00"}`)
	id := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 2}`)["id"].(string)
	if res := e.do(t, radiology, "PATCH", "/v1/requests/"+id, `{"quantity": 2.5}`); res.status != 400 {
		t.Errorf("patch to 2.5 users: got %d, want 400", res.status)
	}
}

func TestTheZeroTimeIsNotNow(t *testing.T) {
	e := newEnv(t)
	oneTime := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 1}`)["id"].(string)
	monthly := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)
	e.clock.Set(testNow.Add(time.Hour))
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+monthly+"/approve", "")
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+monthly+"/fulfill", "")
	for _, tt := range []struct{ path, body, field string }{
		{oneTime + "/fulfill", `{"fulfilled_at": "0001-01-01T00:00:00Z"}`, "fulfilled_at"},
		{monthly + "/end", `{"ended_at": "0001-01-01T00:00:00Z"}`, "ended_at"},
	} {
		res := e.do(t, fulfiller, "POST", "/v1/requests/"+tt.path, tt.body)
		if res.status != 400 || !strings.Contains(fmt.Sprint(res.json(t)["errors"]), "field:"+tt.field) {
			t.Errorf("%s: got %d %s, want 400 naming %s", tt.path, res.status, res.body, tt.field)
		}
	}
}

func TestUnknownFiltersAre400AndEveryAnswerIsUncached(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{"service=time-machine", "department=astrology", "status=lost", "overdue=maybe"} {
		if res := e.do(t, fulfiller, "GET", "/v1/requests?"+q, ""); res.status != 400 {
			t.Errorf("%s: got %d, want 400", q, res.status)
		}
	}
	for _, res := range []response{
		e.do(t, nobody, "GET", "/v1/health", ""),
		e.do(t, fulfiller, "GET", "/v1/requests", ""),
		e.do(t, nobody, "GET", "/v1/requests", ""),
		e.do(t, finance, "GET", "/v1/statements/2026-03", ""),
		e.do(t, finance, "GET", "/v1/services?format=csv", ""),
	} {
		if res.headers["Cache-Control"] != "no-store" || res.headers["X-Content-Type-Options"] != "nosniff" {
			t.Errorf("%d answer: headers %v", res.status, res.headers)
		}
	}
}
