package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRequestersSeeOnlyTheirDepartment(t *testing.T) {
	e := newEnv(t)
	// A Radiology request, fulfilled, so that every action has a state to act on.
	id := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)
	other := e.create(t, radiology, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+other+"/approve", "")
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+other+"/fulfill", "")
	routes := []struct {
		method, path, body string
	}{
		{"GET", "/v1/requests/" + id, ""},
		{"PATCH", "/v1/requests/" + id, `{"quantity": 2}`},
		{"POST", "/v1/requests/" + id + "/cancel", `{}`},
		{"POST", "/v1/requests/" + other + "/end", `{}`},
	}
	for _, r := range routes {
		t.Run("pharmacy "+r.method+" "+r.path, func(t *testing.T) {
			res := e.do(t, pharmacy, r.method, r.path, r.body)
			if res.status != http.StatusNotFound {
				t.Fatalf("got %d, want 404\n%s", res.status, res.body)
			}
			missing := e.do(t, pharmacy, r.method, strings.Replace(r.path, id, "01NOSUCHREQUEST", 1), r.body)
			if missing.status == 404 && strings.Contains(res.body, "radiology") {
				t.Errorf("the 404 reveals the owner: %s", res.body)
			}
		})
	}
	for _, action := range []string{"approve", "reject", "start", "fulfill"} {
		t.Run("requester may not "+action, func(t *testing.T) {
			if res := e.do(t, radiology, "POST", "/v1/requests/"+id+"/"+action, `{"reason": "x"}`); res.status != http.StatusForbidden {
				t.Errorf("got %d, want 403", res.status)
			}
		})
	}
	t.Run("leadership may not create", func(t *testing.T) {
		if res := e.do(t, caller{"sub": "lee", "groups": "[leadership]"}, "POST", "/v1/requests", `{"service_id": "vpn-access", "quantity": 1, "department": "radiology"}`); res.status != 403 {
			t.Errorf("got %d, want 403", res.status)
		}
	})
	t.Run("pharmacy lists none of radiology's", func(t *testing.T) {
		if n := len(e.must(t, 200, pharmacy, "GET", "/v1/requests", "")["items"].([]any)); n != 0 {
			t.Errorf("got %d items, want 0", n)
		}
		if res := e.do(t, pharmacy, "GET", "/v1/requests?department=radiology", ""); res.status != 403 {
			t.Errorf("filtering on another department: got %d, want 403", res.status)
		}
	})
	t.Run("nothing changed", func(t *testing.T) {
		got := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, "")
		if got["status"] != "submitted" || got["version"].(float64) != 1 {
			t.Errorf("got %v version %v, want submitted version 1", got["status"], got["version"])
		}
	})
}

func TestCreateRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("x", 1001)
	tests := []struct {
		name, body string
		who        caller
		status     int
		field      string
	}{
		{"malformed JSON", `{"service_id": `, radiology, 400, ""},
		{"not an object", `[1]`, radiology, 400, ""},
		{"unknown field", `{"service_id": "vpn-access", "quantity": 1, "colour": "red"}`, radiology, 400, "colour"},
		{"status is not the caller's", `{"service_id": "vpn-access", "quantity": 1, "status": "fulfilled"}`, radiology, 400, "status"},
		{"price is not the caller's", `{"service_id": "vpn-access", "quantity": 1, "quoted_unit_price": "0.01"}`, radiology, 400, "quoted_unit_price"},
		{"timestamps are not the caller's", `{"service_id": "vpn-access", "quantity": 1, "created_at": "2020-01-01T00:00:00Z"}`, radiology, 400, "created_at"},
		{"another department", `{"service_id": "vpn-access", "quantity": 1, "department": "pharmacy"}`, radiology, 400, "department"},
		{"missing quantity", `{"service_id": "vpn-access"}`, radiology, 400, "quantity"},
		{"zero quantity", `{"service_id": "vpn-access", "quantity": 0}`, radiology, 400, "quantity"},
		{"negative quantity", `{"service_id": "vpn-access", "quantity": "-2"}`, radiology, 400, "quantity"},
		{"three decimals", `{"service_id": "vpn-access", "quantity": 1.125}`, radiology, 400, "quantity"},
		{"over the maximum", `{"service_id": "vpn-access", "quantity": 100001}`, radiology, 400, "quantity"},
		{"quantity as a word", `{"service_id": "vpn-access", "quantity": "two"}`, radiology, 400, "quantity"},
		{"quantity as a boolean", `{"service_id": "vpn-access", "quantity": true}`, radiology, 400, "quantity"},
		{"exponent", `{"service_id": "vpn-access", "quantity": 1e3}`, radiology, 400, "quantity"},
		{"unknown service", `{"service_id": "time-machine", "quantity": 1}`, radiology, 400, "service_id"},
		{"retired service", `{"service_id": "legacy-fax-line", "quantity": 1}`, radiology, 400, "service_id"},
		{"note too long", `{"service_id": "vpn-access", "quantity": 1, "note": "` + long + `"}`, radiology, 400, "note"},
		{"IT must name a department", `{"service_id": "vpn-access", "quantity": 1}`, fulfiller, 400, "department"},
		{"unknown department", `{"service_id": "vpn-access", "quantity": 1, "department": "astrology"}`, finance, 400, "department"},
		{"inactive department", `{"service_id": "vpn-access", "quantity": 1, "department": "transcription"}`, finance, 400, "department"},
		{"requester without a department", `{"service_id": "vpn-access", "quantity": 1}`, caller{"sub": "x", "groups": "[requester]"}, 403, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(t, tt.who, "POST", "/v1/requests", tt.body)
			if res.status != tt.status {
				t.Fatalf("got %d, want %d\n%s", res.status, tt.status, res.body)
			}
			p := res.json(t)
			if p["code"] == nil || p["detail"] == "" || res.headers["Content-Type"] != "application/problem+json" {
				t.Errorf("not a problem document: %s", res.body)
			}
			if tt.field != "" && !strings.Contains(fmt.Sprint(p["errors"]), "field:"+tt.field) {
				t.Errorf("errors do not name %s: %v", tt.field, p["errors"])
			}
		})
	}
	if n := len(e.must(t, 200, finance, "GET", "/v1/requests", "")["items"].([]any)); n != 0 {
		t.Errorf("refused creates stored %d requests", n)
	}
}

func TestLifecycleRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	hourly := e.create(t, radiology, `{"service_id": "after-hours-support", "quantity": 2}`)["id"].(string)
	oneTime := e.create(t, radiology, `{"service_id": "barcode-scanner", "quantity": 2}`)["id"].(string)
	e.clock.Set(testNow.Add(time.Hour))
	tests := []struct {
		name, method, path, body string
		field                    string
	}{
		{"hourly fulfil without hours", "POST", hourly + "/fulfill", `{}`, "quantity"},
		{"one-time fulfil with a quantity", "POST", oneTime + "/fulfill", `{"quantity": 2}`, "quantity"},
		{"fulfilled in the future", "POST", oneTime + "/fulfill", `{"fulfilled_at": "2026-03-02T10:30:00Z"}`, "fulfilled_at"},
		{"fulfilled before creation", "POST", oneTime + "/fulfill", `{"fulfilled_at": "2026-03-02T08:59:59Z"}`, "fulfilled_at"},
		{"fulfilled_at not a time", "POST", oneTime + "/fulfill", `{"fulfilled_at": "yesterday"}`, "fulfilled_at"},
		{"reject without a reason", "POST", oneTime + "/reject", `{}`, "reason"},
		{"patch status", "PATCH", oneTime, `{"status": "fulfilled"}`, "status"},
		{"patch quantity to zero", "PATCH", oneTime, `{"quantity": 0}`, "quantity"},
		{"patch note too long", "PATCH", oneTime, `{"note": "` + strings.Repeat("é", 1001) + `"}`, "note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			who := fulfiller
			if tt.method == "PATCH" {
				who = radiology
			}
			res := e.do(t, who, tt.method, "/v1/requests/"+tt.path, tt.body)
			if res.status != 400 || !strings.Contains(fmt.Sprint(res.json(t)["errors"]), "field:"+tt.field) {
				t.Fatalf("got %d %s, want 400 naming %s", res.status, res.body, tt.field)
			}
		})
	}
	for _, id := range []string{hourly, oneTime} {
		if got := e.must(t, 200, radiology, "GET", "/v1/requests/"+id, ""); got["version"].(float64) != 1 {
			t.Errorf("request %s changed: version %v", id, got["version"])
		}
	}
}

func TestPatchHonoursIfMatch(t *testing.T) {
	e := newEnv(t)
	created := e.create(t, radiology, `{"service_id": "data-extract", "quantity": 1}`)
	id := created["id"].(string)
	res := e.do(t, radiology, "PATCH", "/v1/requests/"+id, `{"quantity": 2}`, "If-Match", `"1"`)
	if res.status != 200 || res.headers["ETag"] != `"2"` {
		t.Fatalf("got %d ETag %q, want 200 and \"2\"\n%s", res.status, res.headers["ETag"], res.body)
	}
	// 2 × 450.00 = 900.00
	if got := res.json(t)["estimated_charge"]; got != "900.00" {
		t.Errorf("estimated_charge: got %v, want 900.00", got)
	}
	stale := e.do(t, radiology, "PATCH", "/v1/requests/"+id, `{"quantity": 3}`, "If-Match", `"1"`)
	if stale.status != 409 || stale.json(t)["code"] != "version_mismatch" {
		t.Errorf("stale If-Match: got %d %s, want 409 version_mismatch", stale.status, stale.body)
	}
}

func TestListFiltersAndOverdueQueue(t *testing.T) {
	e := newEnv(t)
	// after-hours-support has a 4 h SLA, data-extract 72 h.
	late := e.create(t, radiology, `{"service_id": "after-hours-support", "quantity": 1}`)["id"].(string)
	e.clock.Set(testNow.Add(time.Minute))
	done := e.create(t, pharmacy, `{"service_id": "after-hours-support", "quantity": 1}`)["id"].(string)
	e.must(t, 200, fulfiller, "POST", "/v1/requests/"+done+"/fulfill", `{"quantity": 1}`)
	e.clock.Set(testNow.Add(2 * time.Minute))
	onTime := e.create(t, pharmacy, `{"service_id": "data-extract", "quantity": 1}`)["id"].(string)
	e.clock.Set(testNow.Add(5 * time.Hour))

	ids := func(body map[string]any) string {
		var out []string
		for _, it := range body["items"].([]any) {
			out = append(out, it.(map[string]any)["id"].(string))
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name   string
		who    caller
		target string
		want   []string
	}{
		{"everything, newest first", fulfiller, "/v1/requests", []string{onTime, done, late}},
		{"one department", finance, "/v1/requests?department=pharmacy", []string{onTime, done}},
		{"by status", fulfiller, "/v1/requests?status=fulfilled", []string{done}},
		{"by service", fulfiller, "/v1/requests?service=data-extract", []string{onTime}},
		{"overdue queue", fulfiller, "/v1/requests?overdue=true", []string{late}},
		{"overdue in a department", fulfiller, "/v1/requests?overdue=true&department=pharmacy", nil},
		{"requester's own", pharmacy, "/v1/requests", []string{onTime, done}},
		{"requester's overdue", radiology, "/v1/requests?overdue=true", []string{late}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(e.must(t, 200, tt.who, "GET", tt.target, ""))
			if want := strings.Join(tt.want, ","); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
	overdue := e.must(t, 200, fulfiller, "GET", "/v1/requests/"+late, "")
	if overdue["overdue"] != true {
		t.Errorf("overdue flag: got %v, want true", overdue["overdue"])
	}
	for _, bad := range []string{"status=lost", "overdue=maybe", "limit=0", "cursor=abc", "department=astrology"} {
		if res := e.do(t, fulfiller, "GET", "/v1/requests?"+bad, ""); res.status != 400 {
			t.Errorf("%s: got %d, want 400", bad, res.status)
		}
	}
}

func TestPaginationReturnsEveryRequestOnce(t *testing.T) {
	e := newEnv(t)
	const n = 23
	want := map[string]bool{}
	for i := range n {
		e.clock.Set(testNow.Add(time.Duration(i) * time.Second))
		who := radiology
		if i%3 == 0 {
			who = pharmacy
		}
		want[e.create(t, who, `{"service_id": "vpn-access", "quantity": 1}`)["id"].(string)] = true
	}
	for _, filter := range []string{"", "&status=submitted", "&department=radiology"} {
		t.Run("filter"+filter, func(t *testing.T) {
			seen := map[string]int{}
			cursor, pages, last := "", 0, ""
			for {
				body := e.must(t, 200, fulfiller, "GET", "/v1/requests?limit=5"+filter+cursor, "")
				items := body["items"].([]any)
				if len(items) > 5 {
					t.Fatalf("page of %d, limit 5", len(items))
				}
				for _, it := range items {
					m := it.(map[string]any)
					seen[m["id"].(string)]++
					if last != "" && m["created_at"].(string) > last {
						t.Errorf("not newest first: %s after %s", m["created_at"], last)
					}
					last = m["created_at"].(string)
				}
				pages++
				next, _ := body["next_cursor"].(string)
				if next == "" || pages > 10 {
					break
				}
				cursor = "&cursor=" + next
			}
			wantN := n
			if filter == "&department=radiology" {
				wantN = n - (n+2)/3
			}
			if len(seen) != wantN || pages < 2 {
				t.Errorf("got %d distinct requests over %d pages, want %d over several", len(seen), pages, wantN)
			}
			for id, c := range seen {
				if c != 1 || !want[id] {
					t.Errorf("request %s seen %d times", id, c)
				}
			}
		})
	}
	// A cursor from one list cannot be replayed on another.
	body := e.must(t, 200, fulfiller, "GET", "/v1/requests?limit=5", "")
	res := e.do(t, pharmacy, "GET", "/v1/requests?limit=5&cursor="+body["next_cursor"].(string), "")
	if res.status != 400 {
		t.Errorf("cursor reused on another list: got %d, want 400", res.status)
	}
}
