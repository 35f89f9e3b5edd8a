package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"chargeback/catalog"
)

func TestCatalogRoutes(t *testing.T) {
	api := newAPI(nil)
	h, routes := api.Handler("catalog"), api.Routes()
	cat := catalog.Load()
	active, categoryCount := 0, 0
	for _, s := range cat.Services() {
		if s.Active {
			active++
			if s.Category == cat.Services()[0].Category {
				categoryCount++
			}
		}
	}
	tests := []struct {
		name       string
		who        caller
		target     string
		wantStatus int
		wantItems  int // -1: not a list
	}{
		{"health needs no token", nobody, "/v1/health", 200, -1},
		{"services need a token", nobody, "/v1/services", 401, -1},
		{"requester lists active services", radiology, "/v1/services", 200, active},
		{"retired services on request", finance, "/v1/services?include_retired=true", 200, len(cat.Services())},
		{"by category", fulfiller, "/v1/services?category=" + urlEscape(cat.Services()[0].Category), 200, categoryCount},
		{"unknown category is empty", leadership, "/v1/services?category=nope", 200, 0},
		{"bad include_retired", radiology, "/v1/services?include_retired=yes", 400, -1},
		{"page of two", radiology, "/v1/services?limit=2", 200, 2},
		{"limit too large", radiology, "/v1/services?limit=201", 400, -1},
		{"bad cursor", radiology, "/v1/services?cursor=zzz", 400, -1},
		{"departments", pharmacy, "/v1/departments", 200, len(cat.Departments())},
		{"unknown service", radiology, "/v1/services/no-such-service", 404, -1},
		{"caller without roles may browse", caller{"sub": "x"}, "/v1/departments", 200, len(cat.Departments())},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, h, routes, tt.who, http.MethodGet, tt.target, "")
			if res.status != tt.wantStatus {
				t.Fatalf("status: got %d, want %d\n%s", res.status, tt.wantStatus, res.body)
			}
			if tt.wantStatus >= 400 && res.headers["Content-Type"] != "application/problem+json" {
				t.Errorf("content type: got %q, want application/problem+json", res.headers["Content-Type"])
			}
			if tt.wantItems >= 0 {
				items, _ := res.json(t)["items"].([]any)
				if len(items) != tt.wantItems {
					t.Errorf("items: got %d, want %d", len(items), tt.wantItems)
				}
			}
		})
	}
}

func TestServicePagesCoverEveryServiceOnce(t *testing.T) {
	api := newAPI(nil)
	h, routes := api.Handler(""), api.Routes()
	seen := map[string]int{}
	target := "/v1/services?include_retired=true&limit=7"
	for pages := 0; target != ""; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		body := call(t, h, routes, radiology, "GET", target, "").json(t)
		for _, it := range body["items"].([]any) {
			seen[it.(map[string]any)["id"].(string)]++
		}
		target = ""
		if next, _ := body["next_cursor"].(string); next != "" {
			target = "/v1/services?include_retired=true&limit=7&cursor=" + next
		}
	}
	all := catalog.Load().Services()
	if len(seen) != len(all) {
		t.Errorf("services seen: got %d, want %d", len(seen), len(all))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("service %s seen %d times, want 1", id, n)
		}
	}
}

func TestGetServiceShowsTodaysPriceAndHistory(t *testing.T) {
	api := newAPI(nil)
	cat := catalog.Load()
	var svc catalog.Service
	for _, s := range cat.Services() {
		if len(s.Prices) > 1 {
			svc = s
			break
		}
	}
	if svc.ID == "" {
		t.Fatal("the catalog has no service with a price change")
	}
	body := call(t, api.Handler(""), api.Routes(), finance, "GET", "/v1/services/"+svc.ID, "").json(t)
	want, _ := svc.CurrentPrice(testNow.Format("2006-01-02"))
	got := body["current_price"].(map[string]any)
	if got["unit_price"] != want.UnitPrice.StringFixed(2) || got["effective"] != want.Effective {
		t.Errorf("current_price: got %v, want %s from %s", got, want.UnitPrice.StringFixed(2), want.Effective)
	}
	var prices []string
	for _, p := range body["prices"].([]any) {
		prices = append(prices, p.(map[string]any)["effective"].(string))
	}
	var wantPrices []string
	for _, p := range svc.Prices {
		wantPrices = append(wantPrices, p.Effective)
	}
	if diff := cmp.Diff(wantPrices, prices); diff != "" {
		t.Errorf("prices (-want +got):\n%s", diff)
	}
}

func TestHandlerRefusesRoutesOfOtherFunctions(t *testing.T) {
	api := newAPI(nil)
	res := call(t, api.Handler("catalog"), api.Routes(), finance, "GET", "/v1/periods/2026-01", "")
	if res.status != http.StatusNotFound {
		t.Errorf("status: got %d, want 404", res.status)
	}
}

func TestServicesAsCSV(t *testing.T) {
	api := newAPI(nil)
	for _, how := range [][]string{{"/v1/services?format=csv"}, {"/v1/services", "Accept", "text/csv"}} {
		res := call(t, api.Handler(""), api.Routes(), finance, "GET", how[0], "", how[1:]...)
		if res.status != 200 || res.headers["Content-Type"] != "text/csv; charset=utf-8" {
			t.Fatalf("%v: got %d %q", how, res.status, res.headers["Content-Type"])
		}
		rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "id" || rows[0][7] != "unit_price" {
			t.Errorf("header: got %v", rows[0])
		}
		active := 0
		for _, s := range catalog.Load().Services() {
			if s.Active {
				active++
			}
		}
		if len(rows)-1 != active {
			t.Errorf("rows: got %d, want %d", len(rows)-1, active)
		}
		for _, r := range rows[1:] {
			if r[0] == "after-hours-support" && r[7] != "165.00" {
				t.Errorf("after-hours-support price on 2026-03-02: got %s, want 165.00", r[7])
			}
		}
	}
}
