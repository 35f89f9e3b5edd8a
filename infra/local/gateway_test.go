package local

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"chargeback/catalog"
	"chargeback/internal/httpapi"
)

const secret = "test-secret"

func newServer(t *testing.T, fakeClock bool) (*httptest.Server, *Clock) {
	t.Helper()
	gw, clock := newGateway(t, io.Discard)
	if fakeClock {
		gw.Clock = clock
	}
	return startServer(t, gw, serverLimits), clock
}

// newGateway returns a gateway whose handler and own answers both log JSON
// lines to logs.
func newGateway(t *testing.T, logs io.Writer) (*Gateway, *Clock) {
	t.Helper()
	cfg := httpapi.Config{Currency: "USD", Location: time.UTC, GroupsClaim: "groups", DepartmentClaim: "department"}
	clock := &Clock{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	gw := NewGateway(httpapi.New(cfg, catalog.Load(), nil, clock.Now, log), secret)
	gw.Log = log
	return gw, clock
}

// startServer serves gw with the server Run builds, under limits l.
func startServer(t *testing.T, gw *Gateway, l limits) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.Config = newHTTPServer(gw, l)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func token(t *testing.T, key string, claims map[string]any) string {
	t.Helper()
	tok, err := Sign(key, claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func get(t *testing.T, method, url, tok, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestGatewayAuthenticatesLikeTheJWTAuthorizer(t *testing.T) {
	srv, _ := newServer(t, false)
	good := map[string]any{"sub": "dana", "groups": []string{"requester"}, "department": "radiology"}
	expired := map[string]any{"sub": "dana", "exp": time.Now().Add(-time.Minute).Unix()}
	notYet := map[string]any{"sub": "dana", "groups": []string{"requester"}, "department": "radiology", "nbf": time.Now().Add(time.Hour).Unix()}
	begun := map[string]any{"sub": "dana", "groups": []string{"requester"}, "department": "radiology", "nbf": time.Now().Add(-time.Minute).Unix()}
	tests := []struct {
		name, path, token string
		want              int
	}{
		{"health is public", "/v1/health", "", 200},
		{"no token", "/v1/services", "", 401},
		{"good token", "/v1/services", token(t, secret, good), 200},
		{"wrong secret", "/v1/services", token(t, "other", good), 401},
		{"expired", "/v1/services", token(t, secret, expired), 401},
		{"not valid yet", "/v1/services", token(t, secret, notYet), 401},
		{"valid since a minute", "/v1/services", token(t, secret, begun), 200},
		{"no sub", "/v1/services", token(t, secret, map[string]any{"groups": []string{"finance"}}), 401},
		{"garbage", "/v1/services", "not.a.jwt", 401},
		{"unknown route", "/v1/nothing", token(t, secret, good), 404},
		{"clock is off without the flag", "/_local/clock", token(t, secret, good), 404},
		{"events are off without the flag", "/_local/events", token(t, secret, good), 404},
		{"the SLA watch is off without the flag", "/_local/slawatch", token(t, secret, good), 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, body := get(t, "GET", srv.URL+tt.path, tt.token, ""); got != tt.want {
				t.Errorf("got %d, want %d\n%s", got, tt.want, body)
			}
		})
	}
}

func TestGatewayNotFoundNamesNoPath(t *testing.T) {
	srv, _ := newServer(t, false)
	good := token(t, secret, map[string]any{"sub": "dana", "groups": []string{"requester"}, "department": "radiology"})
	tests := []struct{ name, method, path string }{
		{"unknown path", "GET", "/v1/nothing-here"},
		{"unknown method", "DELETE", "/v1/services"},
		{"a path with markup", "GET", "/v1/<script>alert(1)</script>"},
	}
	var first string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := get(t, tt.method, srv.URL+tt.path, good, "")
			if status != 404 {
				t.Fatalf("got %d, want 404\n%s", status, body)
			}
			if strings.Contains(body, "nothing-here") || strings.Contains(body, "script") || strings.Contains(body, "DELETE") {
				t.Errorf("the 404 repeats what was asked: %s", body)
			}
			if first == "" {
				first = body
			} else if body != first {
				t.Errorf("404 bodies differ:\n got %s\nwant %s", body, first)
			}
		})
	}
}

func TestGatewayReadsTheBearerSchemeInAnyCase(t *testing.T) {
	srv, _ := newServer(t, false)
	tok := token(t, secret, map[string]any{"sub": "dana", "groups": []string{"requester"}})
	tests := []struct {
		name, authorization string
		want                int
	}{
		{"Bearer", "Bearer " + tok, 200},
		{"bearer", "bearer " + tok, 200},
		{"BEARER", "BEARER " + tok, 200},
		{"bEaReR", "bEaReR " + tok, 200},
		{"two spaces", "Bearer  " + tok, 200},
		{"trailing space", "Bearer " + tok + " ", 200},
		{"no space", "Bearer" + tok, 401},
		{"a tab", "Bearer\t" + tok, 401},
		{"scheme only", "Bearer", 401},
		{"scheme and space", "Bearer ", 401},
		{"token only", tok, 401},
		{"Basic", "Basic " + tok, 401},
		{"Bearers", "Bearers " + tok, 401},
		{"two tokens", "Bearer " + tok + " " + tok, 401},
		{"token with a comma after", "Bearer " + tok + ", Basic x", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+"/v1/services", nil)
			req.Header.Set("Authorization", tt.authorization)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want {
				t.Errorf("got %d, want %d", res.StatusCode, tt.want)
			}
		})
	}
}

func TestVerifyFlattensClaimsAsAPIGatewayDoes(t *testing.T) {
	tok := token(t, secret, map[string]any{"sub": "lee", "groups": []string{"finance", "leadership"}, "exp": 4102444800, "department": "him"})
	claims, err := Verify(secret, tok, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"sub": "lee", "groups": "[finance leadership]", "exp": "4102444800", "department": "him"}
	if diff := cmp.Diff(want, claims); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if got := httpapi.ParseList(claims["groups"]); !cmp.Equal(got, []string{"finance", "leadership"}) {
		t.Errorf("roles: got %v", got)
	}
}

func TestFakeClock(t *testing.T) {
	srv, clock := newServer(t, true)
	status, body := get(t, "PUT", srv.URL+"/_local/clock", "", `{"now": "2026-03-02T09:00:00Z"}`)
	if status != 200 || !clock.Now().Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("set: %d %s, clock %s", status, body, clock.Now())
	}
	_, body = get(t, "GET", srv.URL+"/_local/clock", "", "")
	var got map[string]string
	if err := json.Unmarshal([]byte(body), &got); err != nil || got["now"] != "2026-03-02T09:00:00Z" {
		t.Errorf("read: got %s", body)
	}
	if status, _ := get(t, "PUT", srv.URL+"/_local/clock", "", `{"now": "tomorrow"}`); status != 400 {
		t.Errorf("bad time: got %d, want 400", status)
	}
	// The catalog prices on the clock's day.
	tok := token(t, secret, map[string]any{"sub": "fran", "groups": []string{"finance"}})
	_, body = get(t, "GET", srv.URL+"/v1/services/after-hours-support", tok, "")
	if !strings.Contains(body, `"current_price":{"effective":"2024-01-01","unit_price":"165.00"}`) {
		t.Errorf("price on 2026-03-02: %s", body)
	}
	get(t, "PUT", srv.URL+"/_local/clock", "", `{"now": "2026-07-01T00:00:00Z"}`)
	_, body = get(t, "GET", srv.URL+"/v1/services/after-hours-support", tok, "")
	if !strings.Contains(body, `"unit_price":"175.00"`) {
		t.Errorf("price on 2026-07-01: %s", body)
	}
}
